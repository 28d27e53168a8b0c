// `deckhand new` through the installed binary: the next file of each convention (Flyway,
// golang-migrate, dbmate), zero padding, timestamps, dialect and post folders, repeatables,
// no-transaction, refused descriptions, and files that `migrate` then runs.
#include "e2e_fixture.hpp"

namespace fs = std::filesystem;
using deckhand::test::InstalledDeckhand;
using deckhand::test::lines_with;
using deckhand::test::read_file;
using deckhand::test::shown;
using testing::HasSubstr;
using testing::MatchesRegex;
using testing::StartsWith;

namespace {

class NewEndToEnd : public InstalledDeckhand {
  protected:
    // Runs `deckhand new ARGS...`, expects success and one path per line; returns the paths.
    std::vector<std::string> made(std::vector<std::string> args) const {
        args.insert(args.begin(), "new");
        auto result = deckhand(args);
        EXPECT_EQ(result.exit_code, 0) << shown(result);
        std::vector<std::string> paths;
        std::istringstream lines(result.out);
        for (std::string line; std::getline(lines, line);) {
            paths.push_back(line);
            EXPECT_TRUE(fs::exists(work().path() / line)) << line;
        }
        return paths;
    }
    std::string text_of(const std::string& path) const { return read_file(work().path() / path); }
};

TEST_F(NewEndToEnd, AnEmptyFolderGetsFlywayNamesCountingUp) {
    EXPECT_EQ(made({"create", "posts"}),
              std::vector<std::string>{"migrations/V1__create_posts.sql"});
    const std::string text = text_of("migrations/V1__create_posts.sql");
    EXPECT_THAT(text, StartsWith("-- create posts\n-- Applied once, in version order"));
    EXPECT_THAT(text, HasSubstr("Written by deckhand new on 20"));
    EXPECT_EQ(made({"add", "title-and", "body_text"}),
              std::vector<std::string>{"migrations/V2__add_title-and_body_text.sql"});
    EXPECT_EQ(made({"--repeatable", "published posts"}),
              std::vector<std::string>{"migrations/R__published_posts.sql"});
    EXPECT_THAT(text_of("migrations/R__published_posts.sql"),
                HasSubstr("Re-applied whenever this file changes"));
}

TEST_F(NewEndToEnd, TheNextIntegerKeepsZeroPaddingAndFollowsEveryFolder) {
    work().write("migrations/V0007__a.sql", "SELECT 1;\n");
    work().write("migrations/post/V0009__b.sql", "SELECT 1;\n");
    work().write("migrations/sqlite/V0008__c.sql", "SELECT 1;\n");
    work().write("migrations/postgres/V0012__d.sql", "SELECT 1;\n");
    // A script for every dialect comes after each dialect's newest.
    EXPECT_EQ(made({"e"}), std::vector<std::string>{"migrations/V0013__e.sql"});
    // One dialect's script follows that dialect, the common folder and post/.
    EXPECT_EQ(made({"f", "--dialect", "sqlite"}),
              std::vector<std::string>{"migrations/sqlite/V0014__f.sql"});
    EXPECT_EQ(made({"g", "--post"}), std::vector<std::string>{"migrations/post/V0015__g.sql"});
    EXPECT_EQ(made({"h", "--post", "--dialect", "postgres"}),
              std::vector<std::string>{"migrations/post/postgres/V0016__h.sql"});
}

TEST_F(NewEndToEnd, NoTransactionIsWrittenAsADirectiveThatMigrateObeys) {
    auto paths = made({"--no-transaction", "vacuum"});
    ASSERT_EQ(paths.size(), 1u);
    EXPECT_THAT(text_of(paths[0]), StartsWith("-- deckhand:no-transaction\n"));
    work().write(paths[0], text_of(paths[0]) + "CREATE TABLE t (id INTEGER);\n");
    auto result = deckhand({"migrate"});
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("outside a transaction")) << shown(result);
}

TEST_F(NewEndToEnd, AGolangMigrateFolderGetsAnUpAndDownPair) {
    work().write("migrations/000001_init.up.sql", "CREATE TABLE t (id INTEGER);\n");
    work().write("migrations/000001_init.down.sql", "DROP TABLE t;\n");
    EXPECT_EQ(made({"add", "name"}),
              (std::vector<std::string>{"migrations/000002_add_name.up.sql",
                                        "migrations/000002_add_name.down.sql"}));
    EXPECT_THAT(text_of("migrations/000002_add_name.down.sql"), HasSubstr("deckhand never"));
    auto repeatable = deckhand({"new", "--repeatable", "view"});
    EXPECT_EQ(repeatable.exit_code, 2) << shown(repeatable);
    EXPECT_THAT(repeatable.err, HasSubstr("golang-migrate, which has no repeatable scripts"));
    work().write("migrations/000002_add_name.up.sql", "ALTER TABLE t ADD COLUMN name TEXT;\n");
    auto result = deckhand({"migrate"});
    EXPECT_EQ(result.exit_code, 0) << shown(result);
}

TEST_F(NewEndToEnd, ADbmateFolderOfTimestampsGetsTheTimeAndSections) {
    work().write("migrations/20200101000000_init.sql",
                 "-- migrate:up\nCREATE TABLE t (id INTEGER);\n-- migrate:down\nDROP TABLE t;\n");
    auto paths = made({"add", "name", "--no-transaction"});
    ASSERT_EQ(paths.size(), 1u);
    EXPECT_THAT(paths[0], MatchesRegex("migrations/20[0-9]{12}_add_name\\.sql"));
    const std::string text = text_of(paths[0]);
    EXPECT_THAT(text, StartsWith("-- migrate:up transaction:false\n-- add name\n"));
    EXPECT_THAT(text, HasSubstr("\n-- migrate:down\n"));
    auto result = deckhand({"migrate"});
    EXPECT_EQ(result.exit_code, 0) << shown(result);
}

TEST_F(NewEndToEnd, TimestampVersionsByTheUtcTime) {
    work().write("migrations/V3__a.sql", "SELECT 1;\n");
    auto paths = made({"--timestamp", "b"});
    ASSERT_EQ(paths.size(), 1u);
    EXPECT_THAT(paths[0], MatchesRegex("migrations/V20[0-9]{12}__b\\.sql"));
}

TEST_F(NewEndToEnd, UnsafeDescriptionsAreRefusedAndNothingIsWritten) {
    for (const std::string description : {"../escape", "a/b", "tab\there?", "x\ny", "--", "_"}) {
        SCOPED_TRACE(description);
        auto result = deckhand({"new", "--", description});
        EXPECT_EQ(result.exit_code, 2) << shown(result);
        EXPECT_THAT(result.err, StartsWith("deckhand: the description")) << shown(result);
    }
    auto none = deckhand({"new"});
    EXPECT_EQ(none.exit_code, 2) << shown(none);
    EXPECT_THAT(none.err, HasSubstr("needs a DESCRIPTION"));
    auto dialect = deckhand({"new", "x", "--dialect", "mysql"});
    EXPECT_EQ(dialect.exit_code, 2) << shown(dialect);
    EXPECT_FALSE(fs::exists(work().path() / "migrations"));
    EXPECT_FALSE(fs::exists(work().path() / "escape"));
}

TEST_F(NewEndToEnd, AnExistingFileIsNeverReplaced) {
    work().write("migrations/R__view.sql", "CREATE VIEW v AS SELECT 1;\n");
    auto result = deckhand({"new", "--repeatable", "view"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("migrations/R__view.sql already exists"));
    EXPECT_EQ(text_of("migrations/R__view.sql"), "CREATE VIEW v AS SELECT 1;\n");
}

TEST_F(NewEndToEnd, HelpDescribesIt) {
    auto help = deckhand({"help", "new"});
    ASSERT_EQ(help.exit_code, 0) << shown(help);
    for (const char* option : {"--repeatable", "--dialect", "--post", "--no-transaction",
                               "--timestamp", "DESCRIPTION"}) {
        EXPECT_THAT(help.out, HasSubstr(option));
    }
    EXPECT_THAT(deckhand({"help"}).out, HasSubstr("Write the next migration file"));
}

}  // namespace
