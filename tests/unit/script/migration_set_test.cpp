// Discovery of a migrations folder: dialect folders, phases, order, and every error that must
// stop a run before it starts.
#include "deckhand/script/migration_set.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "deckhand/errors.hpp"
#include "deckhand/script/checksum.hpp"
#include "folder_helpers.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::script {
namespace {

using deckhand::test::TempDir;
using namespace std::string_literals;

const std::string name_rule =
    "; migrations are named V<version>__<description>.sql or R__<description>.sql (also "
    "Flyway's B and U scripts and callbacks, golang-migrate's <version>_<name>.up.sql and "
    "dbmate's <version>_<name>.sql)";

TEST(MigrationSet, MergesCommonAndDialectScriptsIntoOneVersionOrder) {
    TempDir dir;
    dir.write("V1__posts.sql", "CREATE TABLE posts(id int);");
    dir.write("V1.10__later.sql", "SELECT 1;");
    dir.write("V1.9__earlier.sql", "SELECT 1;");
    dir.write("postgres/V1.5__pg_only.sql", "SELECT 1;");
    dir.write("sqlite/V1.5__sqlite_only.sql", "SELECT 1;");
    dir.write("R__view.sql", "CREATE VIEW v AS SELECT 1;");
    dir.write("README.md", "not a migration");
    dir.write("seed/001_posts.sql", "not a migration name either");

    auto sqlite = load_migrations(dir.path(), "sqlite");
    EXPECT_EQ(scripts(sqlite),
              (std::vector<std::string>{"V1__posts.sql", "sqlite/V1.5__sqlite_only.sql",
                                        "V1.9__earlier.sql", "V1.10__later.sql", "R__view.sql"}));
    auto postgres = load_migrations(dir.path(), "postgres");
    EXPECT_EQ(postgres.versioned[1].script, "postgres/V1.5__pg_only.sql");
    EXPECT_TRUE(sqlite.warnings.empty());
}

TEST(MigrationSet, OrdersVersionsOfAnyLengthNumerically) {
    // The loader orders by the first two numbers and looks at whole versions only past them.
    TempDir dir;
    const std::vector<std::string> in_order{
        "V0.5__a.sql", "V1__b.sql",         "V1.0.0.1__c.sql", "V1.0.2__d.sql",
        "V1_1__e.sql", "V1.1.0.0.3__f.sql", "V1.1.1__g.sql",   "V1.1.10__h.sql",
        "V1.2__i.sql", "V1.10__j.sql",      "V2__k.sql",       "V18446744073709551615__l.sql",
    };
    for (auto it = in_order.rbegin(); it != in_order.rend(); ++it) {
        dir.write(*it, "SELECT 1;");
    }
    EXPECT_EQ(scripts(load_migrations(dir.path(), "sqlite")), in_order);
}

TEST(MigrationSet, RefusesVersionsThatDifferOnlyInTrailingZeros) {
    for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
             {"V1.2__a.sql", "V1.2.0__b.sql"}, {"V1.2.3__a.sql", "V1_2_3_0__b.sql"}}) {
        TempDir dir;
        dir.write(a, "SELECT 1;");
        dir.write(b, "SELECT 1;");
        const std::string message = load_error(dir);
        EXPECT_NE(message.find("have the same version"), std::string::npos) << a << " " << b;
        EXPECT_NE(message.find(a), std::string::npos) << message;
    }
}

TEST(MigrationSet, RefusesAVersionPastTwoToTheSixtyFour) {
    TempDir dir;
    dir.write("V18446744073709551616__too_big.sql", "SELECT 1;");
    EXPECT_NE(load_error(dir).find("is too large for a version"), std::string::npos);
}

TEST(MigrationSet, RefusesAScriptWithANulByteNamingItsLineOnEveryDialect) {
    TempDir dir;
    dir.write("V1__a.sql", "SELECT 1;");
    dir.write("V2__utf16.sql", "CREATE TABLE t (x int);\nSELECT 1;\0\nDROP TABLE t;\n"s);
    for (const char* dialect : {"postgres", "sqlite"}) {
        const std::string message = load_error(dir, dialect);
        EXPECT_NE(message.find("V2__utf16.sql:2: the script holds a NUL byte"), std::string::npos)
            << dialect << ": " << message;
    }
}

TEST(MigrationSet, PutsScriptsUnderPostIntoThePostPhase) {
    TempDir dir;
    dir.write("V1__a.sql", "SELECT 1;");
    dir.write("post/V2__drop_old_column.sql", "SELECT 1;");
    dir.write("post/postgres/V3__pg_contract.sql", "SELECT 1;");
    dir.write("post/sqlite/V4__sqlite_contract.sql", "SELECT 1;");
    dir.write("post/R__cleanup_view.sql", "SELECT 1;");
    auto set = load_migrations(dir.path(), "postgres");
    ASSERT_EQ(set.versioned.size(), 3u);
    EXPECT_EQ(set.versioned[0].phase, Phase::pre);
    EXPECT_EQ(set.versioned[1].phase, Phase::post);
    EXPECT_EQ(set.versioned[2].phase, Phase::post);
    EXPECT_EQ(set.versioned[2].script, "post/postgres/V3__pg_contract.sql");
    ASSERT_EQ(set.repeatable.size(), 1u);
    EXPECT_EQ(set.repeatable[0].phase, Phase::post);
}

TEST(MigrationSet, ReadsTextDescriptionChecksumAndDirectives) {
    TempDir dir;
    dir.write("postgres/V2__index_posts.sql",
              "-- deckhand:no-transaction\r\nCREATE INDEX CONCURRENTLY i ON posts(id);\r\n");
    auto set = load_migrations(dir.path(), "postgres");
    const auto& m = set.versioned.at(0);
    EXPECT_EQ(m.description, "index posts");
    // Sent as written, CRLF and all; the checksum is the LF copy's.
    EXPECT_EQ(m.text,
              "-- deckhand:no-transaction\r\nCREATE INDEX CONCURRENTLY i ON posts(id);\r\n");
    EXPECT_EQ(m.checksum, script_checksum("-- deckhand:no-transaction\nCREATE INDEX CONCURRENTLY i "
                                          "ON posts(id);\n"));
    EXPECT_FALSE(m.transactional);
    EXPECT_TRUE(m.placeholders);
    EXPECT_EQ(m.checksum.size(), 64u);
    EXPECT_EQ(m.display_path, (dir.path() / "postgres/V2__index_posts.sql").generic_string());
    EXPECT_EQ(set.find_versioned(Version::parse("2.0", "t")), &m);
    EXPECT_EQ(set.find_versioned(Version::parse("3", "t")), nullptr);
}

TEST(MigrationSet, DroppingTheTextsKeepsEverythingElse) {
    TempDir dir;
    dir.write("V1__crlf.sql", "-- deckhand:no-transaction\r\nCREATE TABLE a (x int);\r\n");
    dir.write("V2__plain.sql", "CREATE TABLE b (x int);\n");
    dir.write("R__view.sql", "CREATE VIEW v AS SELECT 1;");
    const auto kept = load_migrations(dir.path(), "sqlite");
    const auto dropped = load_migrations(dir.path(), "sqlite", ScriptTexts::drop);
    ASSERT_EQ(scripts(dropped), scripts(kept));
    for (std::size_t i = 0; i < kept.versioned.size(); ++i) {
        EXPECT_FALSE(kept.versioned[i].text.empty());
        EXPECT_TRUE(dropped.versioned[i].text.empty());
        EXPECT_EQ(dropped.versioned[i].checksum, kept.versioned[i].checksum);
        EXPECT_EQ(dropped.versioned[i].transactional, kept.versioned[i].transactional);
    }
    EXPECT_FALSE(dropped.versioned[0].transactional);
    EXPECT_EQ(dropped.repeatable.at(0).checksum, kept.repeatable.at(0).checksum);
    // The checks still read the text: a bad directive is refused either way.
    dir.write("V3__bad.sql", "-- deckhand:no-transactoin\nSELECT 1;\n");
    try {
        load_migrations(dir.path(), "sqlite", ScriptTexts::drop);
        ADD_FAILURE() << "a bad directive was accepted";
    } catch (const ConfigError& error) {
        EXPECT_NE(std::string(error.what()).find("V3__bad.sql:1: unknown directive"),
                  std::string::npos);
    }
}

TEST(MigrationSet, FindsRepeatablesByDescription) {
    TempDir dir;
    dir.write("R__b.sql", "SELECT 1;");
    dir.write("R__a.sql", "SELECT 1;");
    auto set = load_migrations(dir.path(), "sqlite");
    ASSERT_NE(set.find_repeatable("b"), nullptr);
    EXPECT_EQ(set.find_repeatable("b")->script, "R__b.sql");
    EXPECT_EQ(set.find_repeatable("c"), nullptr);
}

TEST(MigrationSet, RejectsDuplicateVersionsNamingBothFiles) {
    TempDir dir;
    dir.write("V1__a.sql", "SELECT 1;");
    dir.write("sqlite/V1.0__b.sql", "SELECT 1;");
    auto message = load_error(dir);
    EXPECT_NE(message.find("V1__a.sql and "), std::string::npos) << message;
    EXPECT_NE(message.find("sqlite/V1.0__b.sql have the same version 1"), std::string::npos)
        << message;
}

TEST(MigrationSet, IgnoresDuplicatesInAnotherDialectsFolder) {
    TempDir dir;
    dir.write("sqlite/V1__a.sql", "SELECT 1;");
    dir.write("postgres/V1__a.sql", "SELECT 1;");
    EXPECT_EQ(load_migrations(dir.path(), "sqlite").versioned.size(), 1u);
}

TEST(MigrationSet, RejectsDuplicateRepeatables) {
    TempDir dir;
    dir.write("R__view.sql", "SELECT 1;");
    dir.write("sqlite/R__view.sql", "SELECT 1;");
    EXPECT_NE(load_error(dir).find("are both the repeatable migration 'view'"), std::string::npos);
}

TEST(MigrationSet, OrdersRepeatablesByTheDescriptionTheyShow) {
    // Shown with spaces for underscores: "a b" < "a c" < "a-b", though '_' sorts after '-'.
    TempDir dir;
    dir.write("R__a-b.sql", "SELECT 1;");
    dir.write("R__a_c.sql", "SELECT 1;");
    dir.write("R__a_b.sql", "SELECT 1;");
    auto set = load_migrations(dir.path(), "sqlite");
    EXPECT_EQ(scripts(set), (std::vector<std::string>{"R__a_b.sql", "R__a_c.sql", "R__a-b.sql"}));
}

TEST(MigrationSet, RejectsRepeatablesThatShowTheSameDescription) {
    TempDir dir;
    dir.write("R__big_view.sql", "SELECT 1;");
    dir.write("R__big view.sql", "SELECT 1;");
    EXPECT_NE(load_error(dir).find("are both the repeatable migration 'big view'"),
              std::string::npos);
}

TEST(MigrationSet, RejectsUnparseableNamesNamingTheFile) {
    TempDir dir;
    dir.write("V1__ok.sql", "SELECT 1;");
    dir.write("V2-add-column.sql", "SELECT 1;");
    auto message = load_error(dir);
    EXPECT_EQ(message.rfind((dir.path() / "V2-add-column.sql").generic_string() + ": ", 0), 0u)
        << message;
}

// Real folders keep placeholders for skipped versions; Flyway applies and records them.
TEST(MigrationSet, AcceptsEmptyAndCommentOnlyScripts) {
    TempDir dir;
    dir.write("V1__empty.sql", "");
    dir.write("V2__comments.sql", "-- just a comment\n/* and another */\n;\n");
    dir.write("R__nothing_yet.sql", "\n\n");
    const auto set = load_migrations(dir.path(), "sqlite");
    ASSERT_EQ(set.versioned.size(), 2u);
    EXPECT_EQ(set.versioned[1].text, "-- just a comment\n/* and another */\n;\n");
    EXPECT_EQ(set.versioned[0].checksum, script_checksum(""));
    EXPECT_EQ(set.repeatable.size(), 1u);
}

TEST(MigrationSet, RejectsUnreadableFiles) {
    // A dangling symbolic link is unreadable for everyone, root included.
    TempDir dir;
    std::filesystem::create_symlink(dir / "missing.sql", dir / "V1__dangling.sql");
    EXPECT_NE(load_error(dir).find("V1__dangling.sql cannot be read: No such file or directory"),
              std::string::npos)
        << load_error(dir);
    if (geteuid() != 0) {  // root reads a file whatever its mode
        TempDir secret;
        auto path = secret.write("V1__secret.sql", "SELECT 1;");
        chmod(path.c_str(), 0);
        EXPECT_NE(load_error(secret).find("V1__secret.sql cannot be read: Permission denied"),
                  std::string::npos);
    }
}

TEST(MigrationSet, RejectsUnknownAndMisplacedDirectivesNamingFileAndLine) {
    TempDir dir;
    dir.write("V1__x.sql", "-- deckhand:no-transactoin\nSELECT 1;");
    EXPECT_NE(load_error(dir).find("V1__x.sql:1: unknown directive '-- deckhand:no-transactoin'"),
              std::string::npos);
    TempDir late;
    late.write("V1__x.sql", "SELECT 1;\n-- deckhand:no-transaction\nSELECT 2;");
    EXPECT_NE(load_error(late).find("V1__x.sql:2: '-- deckhand:no-transaction' must come before"),
              std::string::npos);
}

TEST(MigrationSet, AcceptsLintWaiversOnAnyLine) {
    TempDir dir;
    dir.write("V1__x.sql",
              "CREATE INDEX i ON t(x); -- deckhand:allow index-without-concurrently\n");
    EXPECT_EQ(load_error(dir), "(no error)");
}

TEST(MigrationSet, WarnsAboutFoldersItIgnores) {
    TempDir dir;
    dir.write("V1__a.sql", "SELECT 1;");
    dir.write("old/V0__x.sql", "SELECT 1;");
    dir.write(".git/V0__y.sql", "SELECT 1;");
    auto set = load_migrations(dir.path(), "sqlite");
    ASSERT_EQ(set.warnings.size(), 1u);
    EXPECT_NE(set.warnings[0].find("ignoring folder " + (dir.path() / "old").generic_string()),
              std::string::npos);
    EXPECT_EQ(set.versioned.size(), 1u);
}

TEST(MigrationSet, ReadsTheFoldersOfADialectByTheRulesItIsGiven) {
    // A third-party dialect: its own folder and post/<dialect>/ read; the other dialects' and
    // the folders of other data passed over quietly, though they would fail to load.
    TempDir dir;
    dir.write("V1__a.sql", "SELECT 1;");
    dir.write("mysql/V2__m.sql", "SELECT 1;");
    dir.write("post/mysql/V3__p.sql", "SELECT 1;");
    for (const char* other : {"sqlite", "postgres", "post/sqlite", "fixtures"}) {
        dir.write(std::string(other) + "/V1__clash.sql", "SELECT 1;");
    }
    dir.write("seed/01.sql", "not a migration name");
    dir.write("old/V0__x.sql", "SELECT 1;");
    FolderRules rules;
    rules.dialect = "mysql";
    rules.other_dialects = {"postgres", "sqlite"};
    rules.not_migrations = {"seed", "fixtures"};
    const auto set = load_migrations(dir.path(), rules);
    EXPECT_EQ(set.dialect, "mysql");
    EXPECT_EQ(scripts(set.versioned),
              (std::vector<std::string>{"V1__a.sql", "mysql/V2__m.sql", "post/mysql/V3__p.sql"}));
    EXPECT_EQ(set.versioned[2].phase, Phase::post);
    ASSERT_EQ(set.warnings.size(), 1u);
    EXPECT_NE(set.warnings[0].find("ignoring folder " + (dir.path() / "old").generic_string() +
                                   ": migrations go in the folder itself, post/, or a dialect "
                                   "folder such as mysql/"),
              std::string::npos)
        << set.warnings[0];

    // A dialect the rules do not name is a folder like any other: warned about, not read.
    rules.other_dialects = {"postgres"};
    const auto unnamed = load_migrations(dir.path(), rules);
    ASSERT_EQ(unnamed.warnings.size(), 3u);  // old/, post/sqlite/, sqlite/
    EXPECT_NE(unnamed.warnings[2].find("ignoring folder " +
                                       (dir.path() / "sqlite").generic_string() + ":"),
              std::string::npos)
        << unnamed.warnings[2];
    EXPECT_EQ(scripts(unnamed.versioned), scripts(set.versioned));

    // Without a post folder, post/ is one more folder that is not migrations.
    rules.other_dialects = {"postgres", "sqlite"};
    rules.post_folder.clear();
    const auto no_post = load_migrations(dir.path(), rules);
    EXPECT_EQ(scripts(no_post.versioned),
              (std::vector<std::string>{"V1__a.sql", "mysql/V2__m.sql"}));
    ASSERT_EQ(no_post.warnings.size(), 2u);
    EXPECT_NE(no_post.warnings[1].find("ignoring folder " + (dir.path() / "post").generic_string() +
                                       ": migrations go in the folder itself or a dialect folder "
                                       "such as mysql/"),
              std::string::npos)
        << no_post.warnings[1];
}

TEST(MigrationSet, TheRulesOfPluginApi14KnowTheShippedDialectsPostAndSeed) {
    const auto sqlite = FolderRules::as_of_api_1_4("sqlite");
    EXPECT_EQ(sqlite.dialect, "sqlite");
    EXPECT_EQ(sqlite.other_dialects, std::vector<std::string>{"postgres"});
    EXPECT_EQ(sqlite.post_folder, "post");
    EXPECT_EQ(sqlite.not_migrations, std::vector<std::string>{"seed"});
    EXPECT_EQ(FolderRules::as_of_api_1_4("mysql").other_dialects,
              (std::vector<std::string>{"sqlite", "postgres"}));

    // load_migrations(root, dialect), as a plugin of 1.4 calls it, reads by them: a third-party
    // dialect's folder is read, the shipped dialects' are passed over quietly.
    TempDir dir;
    dir.write("V1__a.sql", "SELECT 1;");
    dir.write("mysql/V2__m.sql", "SELECT 1;");
    dir.write("sqlite/V1__clash.sql", "SELECT 1;");
    dir.write("postgres/V1__clash.sql", "SELECT 1;");
    dir.write("seed/01.sql", "not a migration name");
    const auto set = load_migrations(dir.path(), "mysql");
    EXPECT_EQ(scripts(set.versioned), (std::vector<std::string>{"V1__a.sql", "mysql/V2__m.sql"}));
    EXPECT_TRUE(set.warnings.empty());
}

TEST(MigrationSet, FollowsSymbolicLinksLikeAKubernetesConfigMapMount) {
    TempDir dir;
    dir.write("..2026_01_01/V1__a.sql", "SELECT 1;");
    std::filesystem::create_directory_symlink(dir / "..2026_01_01", dir / "..data");
    std::filesystem::create_symlink(dir / "..data/V1__a.sql", dir / "V1__a.sql");
    auto set = load_migrations(dir.path(), "sqlite");
    ASSERT_EQ(set.versioned.size(), 1u);
    EXPECT_EQ(set.versioned[0].script, "V1__a.sql");
}

TEST(MigrationSet, RejectsAMissingFolder) {
    TempDir dir;
    try {
        load_migrations(dir / "nope", "sqlite");
        FAIL();
    } catch (const ConfigError& error) {
        EXPECT_NE(std::string(error.what()).find("nope does not exist"), std::string::npos);
    }
}

// The file system lists a folder in no set order (ext4 hashes names): which file an error names
// must not depend on it.
TEST(MigrationSet, NamesTheFirstBadNameByPathWhateverTheListingOrder) {
    TempDir dir;
    char name[32];
    for (int i = 1; i <= 200; ++i) {
        std::snprintf(name, sizeof name, "V%03d__ok.sql", i);
        dir.write(name, "SELECT 1;");
    }
    dir.write("V9-bad.sql", "SELECT 1;");
    dir.write("sqlite/V1-bad.sql", "SELECT 1;");
    dir.write("V2-bad.sql", "SELECT 1;");
    auto message = load_error(dir);
    const std::string root = dir.path().generic_string();
    EXPECT_EQ(message, "the migrations folder " + root + " has 3 problems; nothing was run:\n  " +
                           root +
                           "/V2-bad.sql: the version is not followed by a double "
                           "underscore" +
                           name_rule + "\n  " + root +
                           "/V9-bad.sql: the version is not followed by a double underscore" +
                           name_rule + "\n  " + root +
                           "/sqlite/V1-bad.sql: the version is not followed by a double "
                           "underscore" +
                           name_rule);
}

TEST(MigrationSet, NamesTheSameTwoFilesWhenSeveralShareAVersion) {
    TempDir dir;
    dir.write("V7__c.sql", "SELECT 1;");
    dir.write("sqlite/V7.0__b.sql", "SELECT 1;");
    dir.write("V007__a.sql", "SELECT 1;");
    auto message = load_error(dir);
    EXPECT_NE(message.find("V007__a.sql and " + (dir.path() / "V7__c.sql").generic_string() +
                           " have the same version"),
              std::string::npos)
        << message;
}

TEST(MigrationSet, LoadsThousandsOfScriptsAndNamesTheBadOnesInRunOrder) {
    TempDir dir;
    char name[32];
    for (int i = 1; i <= 1200; ++i) {
        std::snprintf(name, sizeof name, "V%04d__step.sql", i);
        dir.write(name, i == 300 || i == 1100 ? "-- deckhand:nope\n"
                                              : "SELECT " + std::to_string(i) + ";");
    }
    // Read on several threads; the problems still come in run order, whichever thread found
    // them first.
    for (int run = 0; run < 5; ++run) {
        const auto message = load_error(dir);
        const auto first = message.find("V0300__step.sql:1: unknown directive");
        const auto second = message.find("V1100__step.sql:1: unknown directive");
        ASSERT_NE(first, std::string::npos) << message;
        ASSERT_NE(second, std::string::npos) << message;
        EXPECT_LT(first, second);
    }
    dir.write("V0300__step.sql", "SELECT 300;");
    dir.write("V1100__step.sql", "SELECT 1100;");
    auto set = load_migrations(dir.path(), "sqlite");
    ASSERT_EQ(set.versioned.size(), 1200u);
    for (std::size_t i = 0; i < set.versioned.size(); ++i) {
        EXPECT_EQ(set.versioned[i].version.parts().front(), i + 1);
        EXPECT_EQ(set.versioned[i].text, "SELECT " + std::to_string(i + 1) + ";");
    }
}

TEST(Phase, ParsesAndPrintsPhases) {
    EXPECT_EQ(parse_phase("post", "--phase"), Phase::post);
    EXPECT_EQ(to_string(Phase::all), "all");
    EXPECT_THROW(parse_phase("during", "--phase"), UsageError);
    EXPECT_TRUE(phase_includes(Phase::all, Phase::post));
    EXPECT_FALSE(phase_includes(Phase::pre, Phase::post));
}

}  // namespace
}  // namespace deckhand::script
