// `deckhand lint` as a user runs it: the installed binary on the sample application's migrations
// (which lint clean on both dialects), on folders with findings, with every output format, with
// --since a git ref, and usage errors.
#include <nlohmann/json.hpp>

#include "e2e_fixture.hpp"

using deckhand::test::InstalledDeckhand;
using deckhand::test::ProcessOptions;
using deckhand::test::shown;
using testing::HasSubstr;

namespace {

class LintEndToEnd : public InstalledDeckhand {
  protected:
    void write_folder() const {
        work().write("migrations/postgres/V1__users.sql",
                     "CREATE TABLE users (id bigint PRIMARY KEY, name text, email text);\n");
        work().write("migrations/postgres/V2__drop.sql",
                     "-- Release 2 no longer reads name.\nALTER TABLE users DROP COLUMN name;\n");
        work().write("migrations/sqlite/V1__users.sql",
                     "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT);\n");
        work().write("migrations/sqlite/V2__drop.sql", "ALTER TABLE users DROP COLUMN name;\n");
    }
};

TEST_F(LintEndToEnd, TheSampleMigrationsLintCleanOnBothDialects) {
    for (const std::string dialect : {"postgres", "sqlite"}) {
        auto result = deckhand({"--migrations", DECKHAND_SAMPLE_MIGRATIONS, "lint", "--dialect",
                                dialect, "--since", "0"});
        EXPECT_EQ(result.exit_code, 0) << dialect << "\n" << shown(result);
        EXPECT_THAT(result.out, HasSubstr("0 findings in 9 scripts")) << shown(result);
    }
}

TEST_F(LintEndToEnd, AFindingExitsOneNamingFileLineColumnRuleAndFix) {
    write_folder();
    auto result = deckhand({"lint", "--dialect", "postgres"});
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    EXPECT_THAT(result.out, HasSubstr("migrations/postgres/V2__drop.sql:2:13 drop-column "));
    EXPECT_THAT(result.out, HasSubstr("  fix: "));
}

TEST_F(LintEndToEnd, SqliteFindingsComeFromTheCatalog) {
    write_folder();
    auto result = deckhand({"lint", "--dialect", "sqlite", "--output", "json"});
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    const auto report = nlohmann::json::parse(result.out);
    ASSERT_EQ(report["findings"].size(), 1u) << result.out;
    EXPECT_EQ(report["findings"][0]["rule"], "drop-column");
    EXPECT_EQ(report["findings"][0]["file"], "migrations/sqlite/V2__drop.sql");
}

TEST_F(LintEndToEnd, TheDialectDefaultsToTheDatabaseUrlsScheme) {
    write_folder();
    work().write("migrations/sqlite/V2__drop.sql", "SELECT 1;\n");
    EXPECT_EQ(deckhand({"lint"}).exit_code, 0);  // the default database is SQLite
    auto result =
        deckhand({"--database-url", "postgres://nobody@127.0.0.1:1/none", "lint", "--since", "1"});
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    EXPECT_THAT(result.out, HasSubstr("drop-column"));
}

TEST_F(LintEndToEnd, SarifShowsEachFindingWithItsRule) {
    write_folder();
    auto result = deckhand({"lint", "--dialect", "postgres", "--output", "sarif"});
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    const auto log = nlohmann::json::parse(result.out);
    EXPECT_EQ(log["version"], "2.1.0");
    ASSERT_EQ(log["runs"][0]["results"].size(), 1u);
    EXPECT_EQ(log["runs"][0]["results"][0]["ruleId"], "drop-column");
}

TEST_F(LintEndToEnd, AWaiverWithAReasonMakesItClean) {
    write_folder();
    work().write("migrations/postgres/V2__drop.sql",
                 "-- deckhand:allow drop-column release 2 no longer reads name\n"
                 "ALTER TABLE users DROP COLUMN name;\n");
    auto result = deckhand({"lint", "--dialect", "postgres"});
    EXPECT_EQ(result.exit_code, 0) << shown(result);
}

TEST_F(LintEndToEnd, NamedFilesAreLintedWithTheFolderAsContext) {
    write_folder();
    work().write("migrations/postgres/V3__index.sql",
                 "CREATE INDEX users_email_idx ON users (email);\n");
    auto result = deckhand({"lint", "--dialect", "postgres", "migrations/postgres/V3__index.sql"});
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    EXPECT_THAT(result.out, HasSubstr("index-without-concurrently"));
    EXPECT_THAT(result.out, testing::Not(HasSubstr("drop-column")));
}

TEST_F(LintEndToEnd, SinceAGitRefLintsWhatChangedSinceIt) {
    write_folder();
    ProcessOptions quiet;
    quiet.working_dir = work().path();
    for (const std::vector<std::string>& git :
         {std::vector<std::string>{"/usr/bin/git", "init", "-q"},
          {"/usr/bin/git", "-c", "user.name=t", "-c", "user.email=t@t", "add", "."},
          {"/usr/bin/git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "both"}}) {
        ASSERT_EQ(deckhand::test::run_process(git, quiet).exit_code, 0);
    }
    EXPECT_EQ(deckhand({"lint", "--dialect", "postgres", "--since", "HEAD"}).exit_code, 0);
    auto result = deckhand({"lint", "--dialect", "postgres", "--since", "HEAD~0^{tree}"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    work().write("migrations/postgres/V3__index.sql",
                 "CREATE INDEX users_email_idx ON users (email);\n");
    result = deckhand({"lint", "--dialect", "postgres", "--since", "HEAD"});
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    EXPECT_THAT(result.out, HasSubstr("V3__index.sql:1:1 index-without-concurrently"));
    EXPECT_THAT(result.out, HasSubstr("1 finding in 1 script"));
}

TEST_F(LintEndToEnd, UsageErrorsExitTwo) {
    write_folder();
    EXPECT_EQ(deckhand({"lint", "--output", "xml"}).exit_code, 2);
    EXPECT_EQ(deckhand({"lint", "--dialect", "mysql"}).exit_code, 2);
    EXPECT_EQ(deckhand({"lint", "--since", "no-such-ref"}).exit_code, 2);
    auto result = deckhand({"lint", "--postgres-version", "3"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_THAT(result.err, HasSubstr("--postgres-version"));
}

TEST_F(LintEndToEnd, HelpListsEveryRuleWithAnExample) {
    auto result = deckhand({"help", "lint"});
    EXPECT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.out, HasSubstr("not-null-without-default"));
    EXPECT_THAT(result.out, HasSubstr("rebuild-reorders-columns"));
    EXPECT_THAT(result.out, HasSubstr("e.g. ALTER TABLE users DROP COLUMN nickname;"));
}

}  // namespace
