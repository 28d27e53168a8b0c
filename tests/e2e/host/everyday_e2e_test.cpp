// The everyday friction of issue 13, through the installed binary: other tools' words, near
// misses of global options, one "deckhand:" prefix, .SQL files that never run, --target below
// the schema, the SQLite lock file, the embedded-default notice, status wording for edited
// scripts, and refused task files that still answer to their names.
#include "e2e_fixture.hpp"

namespace fs = std::filesystem;
using deckhand::test::InstalledDeckhand;
using deckhand::test::lines_with;
using deckhand::test::ProcessOptions;
using deckhand::test::ProcessResult;
using deckhand::test::shown;
using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

namespace {

class EverydayEndToEnd : public InstalledDeckhand {
  protected:
    // Two versioned scripts and the embedded SQLite default.
    void write_two_migrations() const {
        work().write("migrations/V1__create_posts.sql", "CREATE TABLE posts (id INTEGER);\n");
        work().write("migrations/V2__add_title.sql", "ALTER TABLE posts ADD COLUMN title TEXT;\n");
    }
    ProcessResult migrate(std::vector<std::string> extra = {}) const {
        std::vector<std::string> args{"migrate"};
        args.insert(args.end(), extra.begin(), extra.end());
        return deckhand(args);
    }
};

TEST_F(EverydayEndToEnd, OtherToolsWordsPointToDeckhandsCommands) {
    auto info = deckhand({"info"});
    EXPECT_EQ(info.exit_code, 2) << shown(info);
    EXPECT_EQ(info.err,
              "deckhand: unknown command 'info'; did you mean 'status'? (Flyway's info)\n");
    auto up = deckhand({"up"});
    EXPECT_EQ(up.exit_code, 2);
    EXPECT_THAT(up.err, HasSubstr("did you mean 'migrate'?")) << shown(up);
    auto create = deckhand({"create"});
    EXPECT_THAT(create.err, HasSubstr("did you mean 'new'?")) << shown(create);
    auto force = deckhand({"force"});
    EXPECT_THAT(force.err, HasSubstr("did you mean 'repair'?")) << shown(force);
    auto wait = deckhand({"wait"});
    EXPECT_THAT(wait.err, HasSubstr("did you mean 'status --wait'?")) << shown(wait);
    for (const char* undo : {"down", "rollback", "undo"}) {
        auto result = deckhand({undo});
        EXPECT_EQ(result.exit_code, 2) << shown(result);
        EXPECT_THAT(result.err, HasSubstr("deckhand never undoes a migration")) << shown(result);
    }
    const std::vector<std::pair<std::string, std::string>> missing = {
        {"clean", "deckhand has no clean"},
        {"dump", "deckhand has no dump"},
        {"drop", "deckhand never drops the database"}};
    for (const auto& [word, answer] : missing) {
        auto result = deckhand({word});
        EXPECT_EQ(result.exit_code, 2) << shown(result);
        EXPECT_THAT(result.err, HasSubstr(answer)) << shown(result);
    }
    auto help = deckhand({"help", "info"});
    EXPECT_EQ(help.exit_code, 2);
    EXPECT_THAT(help.err, HasSubstr("did you mean 'status'? (Flyway's info)")) << shown(help);
    // Near misses of deckhand's own commands still get the nearest one.
    EXPECT_THAT(deckhand({"statsu"}).err, HasSubstr("did you mean 'status'?"));
    EXPECT_FALSE(fs::exists(work().path() / "deckhand.db"));
}

TEST_F(EverydayEndToEnd, AMisspelledGlobalOptionSuggestsTheOneMeantWithoutItsValue) {
    auto before = deckhand({"--databse-url=postgres://app:hunter2@db/blog", "migrate"});
    EXPECT_EQ(before.exit_code, 2) << shown(before);
    EXPECT_EQ(before.err,
              "deckhand: unknown global option --databse-url; did you mean --database-url?\n");
    auto after = deckhand({"migrate", "--migratons", "db"});
    EXPECT_EQ(after.exit_code, 2) << shown(after);
    EXPECT_THAT(after.err, HasSubstr("did you mean --migrations?")) << shown(after);
    auto unlike = deckhand({"--frobnicate", "migrate"});
    EXPECT_THAT(unlike.err, HasSubstr("global options are --database-url")) << shown(unlike);
}

TEST_F(EverydayEndToEnd, ErrorsCarryOneDeckhandPrefix) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"migrate", "--target", ""}, {"migrate", "--tagret", "1"}, {"status", "x", "y"}}) {
        auto result = deckhand(args);
        EXPECT_EQ(result.exit_code, 2) << shown(result);
        EXPECT_THAT(result.err, StartsWith("deckhand: ")) << shown(result);
        EXPECT_THAT(result.err, Not(HasSubstr("deckhand: deckhand"))) << shown(result);
        EXPECT_THAT(result.err, Not(HasSubstr("deckhand migrate:"))) << shown(result);
    }
    EXPECT_EQ(deckhand({"migrate", "--tagret", "1"}).err,
              "deckhand: migrate has no option --tagret; did you mean --target?\n");
}

TEST_F(EverydayEndToEnd, AnUpperCaseExtensionNeverRunsAndIsNamedInAWarning) {
    work().write("migrations/V1__create_posts.sql", "CREATE TABLE posts (id INTEGER);\n");
    work().write("migrations/V2__add_title.SQL", "ALTER TABLE posts ADD COLUMN title TEXT;\n");
    work().write("migrations/V3__add_body.sql.bak", "ALTER TABLE posts ADD COLUMN body TEXT;\n");
    work().write("migrations/README.md", "not a migration\n");
    auto result = migrate();
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    auto upper = lines_with(result.err, "V2__add_title.SQL");
    ASSERT_EQ(upper.size(), 1u) << shown(result);
    EXPECT_THAT(upper[0], HasSubstr("warn"));
    EXPECT_THAT(upper[0], HasSubstr("rename it to V2__add_title.sql")) << shown(result);
    EXPECT_EQ(lines_with(result.err, "V3__add_body.sql.bak").size(), 1u) << shown(result);
    EXPECT_THAT(result.err, Not(HasSubstr("README"))) << shown(result);
    auto status = deckhand({"status"});
    EXPECT_THAT(status.out, HasSubstr("schema version 1; up to date")) << shown(status);
    EXPECT_THAT(status.out, Not(HasSubstr("add title"))) << shown(status);
}

TEST_F(EverydayEndToEnd, ATargetBelowTheSchemaSaysNothingIsUndone) {
    write_two_migrations();
    ASSERT_EQ(migrate({"--target", "latest"}).exit_code, 0);
    auto below = migrate({"--target", "1"});
    EXPECT_EQ(below.exit_code, 0) << shown(below);
    EXPECT_THAT(below.err, HasSubstr("--target 1 is below the current schema version 2; nothing "
                                     "is undone"))
        << shown(below);
    EXPECT_THAT(below.err, Not(HasSubstr("up to date"))) << shown(below);
    auto at = migrate({"--target", "2"});
    EXPECT_THAT(at.err, HasSubstr("schema is up to date")) << shown(at);
    auto help = deckhand({"help", "migrate"});
    EXPECT_THAT(help.out, HasSubstr("VERSION|latest")) << help.out;
}

TEST_F(EverydayEndToEnd, TheSqliteLockFileIsGoneOnceMigrateEnds) {
    write_two_migrations();
    auto result = migrate();
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_TRUE(fs::exists(work().path() / "deckhand.db"));
    EXPECT_FALSE(fs::exists(work().path() / "deckhand.db.deckhand-lock"));
}

TEST_F(EverydayEndToEnd, TheEmbeddedDefaultIsAnnouncedOncePerFolder) {
    const std::string notice = "no database URL given; using the embedded default";
    write_two_migrations();
    auto first = migrate();  // status would not create the file (issue 10.4)
    ASSERT_EQ(first.exit_code, 0) << shown(first);
    EXPECT_EQ(lines_with(first.err, notice).size(), 1u) << shown(first);
    auto second = deckhand({"status"});
    EXPECT_EQ(lines_with(second.err, notice).size(), 0u) << shown(second);
    auto debug = deckhand({"--log-level", "debug", "status"});
    ASSERT_EQ(lines_with(debug.err, notice).size(), 1u) << shown(debug);
    EXPECT_THAT(lines_with(debug.err, notice)[0], HasSubstr("debug"));
}

TEST_F(EverydayEndToEnd, StatusSaysAnEditedScriptChangedSinceApplied) {
    write_two_migrations();
    ASSERT_EQ(migrate().exit_code, 0);
    work().write("migrations/V1__create_posts.sql", "CREATE TABLE posts (id INTEGER, x TEXT);\n");
    auto status = deckhand({"status"});
    EXPECT_EQ(status.exit_code, 0) << shown(status);
    EXPECT_THAT(status.out,
                HasSubstr("schema version 2; 1 changed since applied (run validate) for phase pre"))
        << shown(status);
    EXPECT_THAT(status.out, Not(HasSubstr("outstanding"))) << shown(status);
    auto failing = deckhand({"status", "--fail-on-pending"});
    EXPECT_EQ(failing.exit_code, 1) << shown(failing);
    EXPECT_THAT(failing.err, HasSubstr("V1__create_posts.sql changed since applied (run validate)"))
        << shown(failing);
    EXPECT_THAT(failing.err, Not(HasSubstr("(changed)"))) << shown(failing);
}

TEST_F(EverydayEndToEnd, ARefusedTaskAnswersToItsNameWithTheReason) {
    work().write("commands/archive.sql",
                 "-- deckhand:command archive-posts\n"
                 "-- deckhand:param before date required \"cut-off day\"\n"
                 "-- deckhand:param dry-run bool\n"
                 "SELECT :before, :dry_run;\n");
    auto run = deckhand({"archive-posts", "--before", "2025-01-01"});
    EXPECT_EQ(run.exit_code, 2) << shown(run);
    EXPECT_THAT(run.err, Not(HasSubstr("unknown command"))) << shown(run);
    auto lines = lines_with(run.err, "deckhand: ");
    ASSERT_EQ(lines.size(), 1u) << shown(run);
    EXPECT_THAT(lines[0], HasSubstr("task 'archive-posts' is not offered"));
    EXPECT_THAT(lines[0], HasSubstr("commands/archive.sql:3"));
    EXPECT_THAT(lines[0], HasSubstr("'dry-run' is taken")) << shown(run);
    EXPECT_FALSE(fs::exists(work().path() / "deckhand.db"));

    auto help = deckhand({"help", "archive-posts"});
    EXPECT_EQ(help.exit_code, 0) << shown(help);
    EXPECT_THAT(help.out, HasSubstr("commands/archive.sql:3")) << shown(help);
    EXPECT_THAT(help.out, HasSubstr("'dry-run' is taken")) << shown(help);

    // Two files of one name: the name answers with both.
    work().write("commands/a.sql", "-- deckhand:command twice\nSELECT 1;\n");
    work().write("commands/b.sql", "-- deckhand:command twice\nSELECT 2;\n");
    auto twice = deckhand({"twice"});
    EXPECT_EQ(twice.exit_code, 2) << shown(twice);
    EXPECT_THAT(twice.err, HasSubstr("commands/a.sql:1: command 'twice' is also defined by"));
    EXPECT_THAT(twice.err, HasSubstr("commands/b.sql:1: command 'twice' is also defined by"));
}

}  // namespace
