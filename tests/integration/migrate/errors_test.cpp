// Every way migrate refuses or fails, each with its message and exit status, and proof that
// the database is exactly as it was before the run.
#include <gmock/gmock.h>

#include <algorithm>

#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ErrorsTest = MigrateTest;

// Applies V1 and V2, the state that each test then tries to break.
class ErrorsAfterTwoScripts : public MigrateTest {
  protected:
    void SetUp() override {
        MigrateTest::SetUp();
        write("V1__create_posts.sql", "CREATE TABLE posts (id integer PRIMARY KEY, title text);");
        write("V2__first_post.sql", "INSERT INTO posts VALUES (1, 'hello');");
        run_migrate();
        before_ = dump();
    }
    std::string before_;
};

TEST_P(ErrorsAfterTwoScripts, AFailingScriptNamesFileAndLineRollsBackAndStopsLaterScripts) {
    write("V3__add_tags.sql",
          "-- adds tags\n"
          "CREATE TABLE tags (id integer PRIMARY KEY);\n"
          "INSERT INTO tags VALUES (1);\n"
          "\n"
          "INSERT INTO no_such_table VALUES (1);\n"
          "INSERT INTO tags VALUES (2);\n");
    write("V4__later.sql", "CREATE TABLE later (x integer);");
    int status = 0;
    auto message = error_of([&] { run_migrate(); }, &status);
    EXPECT_EQ(status, 1);
    EXPECT_THAT(message,
                StartsWith((migrations_dir() / "V3__add_tags.sql").generic_string() + ":5: "));
    EXPECT_THAT(message, HasSubstr("no_such_table"));
    EXPECT_THAT(message, HasSubstr("rolled back and no later migration ran"));
    EXPECT_EQ(dump(), before_);  // no tags table, no history row, no V4
}

TEST_P(ErrorsAfterTwoScripts, ASyntaxErrorNamesItsLine) {
    write("V3__typo.sql", "CREATE TABLE ok_one (x integer);\n\nCREAT TABLE typo (x integer);\n");
    auto message = error_of([&] { run_migrate(); });
    EXPECT_THAT(message, HasSubstr("V3__typo.sql:3: "));
    EXPECT_EQ(dump(), before_);
}

TEST_P(ErrorsAfterTwoScripts, NamesTheLineOfTheFileEvenWhenAPlaceholderAddsLines) {
    write("V3__values.sql",
          "INSERT INTO posts VALUES ${rows};\nINSERT INTO missing_table VALUES (1);\n");
    migrate::MigrateOptions options;
    options.placeholders.set("rows", "\n  (2, 'a'),\n  (3, 'b')");
    EXPECT_THAT(error_of([&] { run_migrate(options); }), HasSubstr("V3__values.sql:2: "));
    EXPECT_EQ(dump(), before_);
}

TEST_P(ErrorsAfterTwoScripts, AnUndefinedPlaceholderStopsTheRunBeforeAnyScriptRuns) {
    write("V3__fine.sql", "CREATE TABLE fine (x integer);");
    write("V4__needs_value.sql", "CREATE TABLE t (x integer);\nINSERT INTO t VALUES (${start});");
    int status = 0;
    EXPECT_EQ(error_of([&] { run_migrate(); }, &status),
              (migrations_dir() / "V4__needs_value.sql").generic_string() +
                  ":2: placeholder ${start} has no value; pass --set start=VALUE or set "
                  "DECKHAND_PLACEHOLDER_start");
    EXPECT_EQ(status, 2);
    EXPECT_EQ(dump(), before_);  // V3 did not run either
}

TEST_P(ErrorsTest, AnUndefinedPlaceholderLeavesAFreshDatabaseWithoutEvenAHistoryTable) {
    write("V1__a.sql", "CREATE TABLE ${name} (x integer);");
    EXPECT_THAT(error_of([&] { run_migrate(); }), HasSubstr("placeholder ${name} has no value"));
    EXPECT_FALSE(table_exists("deckhand_schema_history"));
}

TEST_P(ErrorsAfterTwoScripts, AnEditedAppliedScriptStopsMigrateBeforeAnythingChanges) {
    write("V2__first_post.sql", "INSERT INTO posts VALUES (1, 'hello, edited');");
    write("V3__more.sql", "CREATE TABLE more (x integer);");
    int status = 0;
    auto message = error_of([&] { run_migrate(); }, &status);
    EXPECT_EQ(status, 1);
    EXPECT_THAT(message, StartsWith((migrations_dir() / "V2__first_post.sql").generic_string() +
                                    " was changed after it was applied (checksum "));
    EXPECT_THAT(message, HasSubstr("run `deckhand repair` if the change is deliberate"));
    EXPECT_EQ(dump(), before_);
    EXPECT_EQ(status_of_version("2"), migrate::MigrationState::changed);
}

TEST_P(ErrorsAfterTwoScripts, APendingScriptOlderThanTheNewestAppliedStopsMigrateUnlessOutOfOrder) {
    write("V1.5__forgotten.sql", "CREATE TABLE forgotten (x integer);");
    auto message = error_of([&] { run_migrate(); });
    EXPECT_EQ(message, (migrations_dir() / "V1.5__forgotten.sql").generic_string() +
                           " is pending but older than version 2, which is already applied; pass "
                           "--out-of-order to "
                           "apply it anyway");
    EXPECT_EQ(dump(), before_);
    EXPECT_EQ(status_of_version("1.5"), migrate::MigrationState::out_of_order);

    migrate::MigrateOptions options;
    options.out_of_order = true;
    EXPECT_EQ(run_migrate(options).applied.size(), 1u);
    EXPECT_TRUE(table_exists("forgotten"));
    EXPECT_EQ(status_of_version("1.5"), migrate::MigrationState::applied);
}

TEST_P(ErrorsAfterTwoScripts, NamesEveryProblemOnALineOfItsOwn) {
    write("V1__create_posts.sql",
          "CREATE TABLE posts (id integer PRIMARY KEY, title text, extra text);");
    write("V2__first_post.sql", "INSERT INTO posts VALUES (1, 'edited');");
    int exit_status = 0;
    const auto message = error_of([&] { run_migrate(); }, &exit_status);
    EXPECT_EQ(exit_status, 1);
    const std::string v1 = (migrations_dir() / "V1__create_posts.sql").generic_string();
    const std::string v2 = (migrations_dir() / "V2__first_post.sql").generic_string();
    EXPECT_THAT(message,
                StartsWith("migrate changed nothing: 2 problems must be settled first:\n  " + v1 +
                           " was changed after it was applied"));
    EXPECT_THAT(message, HasSubstr("\n  " + v2 + " was changed after it was applied"));
    EXPECT_EQ(dump(), before_);
}

TEST_P(ErrorsAfterTwoScripts, CountsTheProblemsPastAScreenful) {
    for (int i = 3; i < 28; ++i) {  // 25 scripts older than the newest applied one
        write("V1." + std::to_string(i) + "__late.sql", "SELECT 1;");
    }
    write("V2__first_post.sql", "INSERT INTO posts VALUES (1, 'edited');");
    const auto message = error_of([&] { run_migrate(); });
    EXPECT_THAT(message, StartsWith("migrate changed nothing: 26 problems must be settled first:"));
    EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 21) << message;
    EXPECT_THAT(message, EndsWith("\n  ... and 6 more problems"));
}

TEST_P(ErrorsAfterTwoScripts, AppliedScriptsWhoseFilesAreGoneAreNoObstacle) {
    // A rollback to an older build: the database holds scripts the build does not ship.
    std::filesystem::remove(migrations_dir() / "V2__first_post.sql");
    EXPECT_TRUE(run_migrate().applied.empty());
    EXPECT_EQ(status_of_version("2"), migrate::MigrationState::missing);
    EXPECT_TRUE(status().is_current(script::Phase::pre));
}

TEST_P(ErrorsAfterTwoScripts, AMalformedFolderStopsTheRunNamingTheFile) {
    write("V3__fine.sql", "CREATE TABLE fine (x integer);");
    write("V3.0__duplicate.sql", "CREATE TABLE duplicate (x integer);");
    int status = 0;
    EXPECT_THAT(error_of([&] { run_migrate(); }, &status), HasSubstr("have the same version 3"));
    EXPECT_EQ(status, 2);
    EXPECT_EQ(dump(), before_);
}

TEST_P(ErrorsAfterTwoScripts, ATransactionControlStatementIsRefusedBeforeAnythingRuns) {
    write("V3__fine.sql", "CREATE TABLE fine (x integer);");
    write("V4__own_transaction.sql", "BEGIN;\nCREATE TABLE t4 (x integer);\nCOMMIT;\n");
    int status = 0;
    EXPECT_EQ(error_of([&] { run_migrate(); }, &status),
              (migrations_dir() / "V4__own_transaction.sql").generic_string() +
                  ":1: 'BEGIN' controls transactions, but deckhand runs this script in a "
                  "transaction of its own; "
                  "remove it, or start the script with -- deckhand:no-transaction");
    EXPECT_EQ(status, 2);
    EXPECT_EQ(dump(), before_);
}

// golang-migrate files wrap their body in BEGIN; ... COMMIT; (golang-migrate runs files without
// a transaction): that pair runs as deckhand's own transaction, and a failure in the body rolls
// the whole file back. Transaction control anywhere else is still refused, naming the line.
TEST_P(ErrorsTest, AGolangMigrateFileWrappedInBeginCommitRunsAsOneTransaction) {
    write("1_posts.up.sql", "BEGIN;\nCREATE TABLE posts (id integer PRIMARY KEY);\nCOMMIT;\n");
    write("1_posts.down.sql", "BEGIN;\nDROP TABLE posts;\nCOMMIT;\n");
    write("2_broken.up.sql",
          "BEGIN;\nINSERT INTO posts VALUES (1);\nINSERT INTO missing VALUES (1);\nCOMMIT;\n");
    auto message = error_of([&] { run_migrate(); });
    EXPECT_THAT(message,
                StartsWith((migrations_dir() / "2_broken.up.sql").generic_string() + ":3: "));
    EXPECT_EQ(scalar("SELECT count(*) FROM posts"), "0");  // line 2 rolled back with the file
    EXPECT_EQ(history().size(), 1u);

    write("2_broken.up.sql",
          "BEGIN;\nINSERT INTO posts VALUES (1);\nCOMMIT;\nBEGIN;\nINSERT INTO posts VALUES "
          "(2);\nCOMMIT;\n");
    int status = 0;
    EXPECT_EQ(error_of([&] { run_migrate(); }, &status),
              (migrations_dir() / "2_broken.up.sql").generic_string() +
                  ":1: 'BEGIN' controls transactions, but deckhand runs this script in a "
                  "transaction of its own; remove it, or start the script with -- "
                  "deckhand:no-transaction (only a BEGIN first and a COMMIT last that wrap the "
                  "whole file are taken out for you)");
    EXPECT_EQ(status, 2);
    EXPECT_EQ(scalar("SELECT count(*) FROM posts"), "0");
}

DECKHAND_ON_BOTH_DIALECTS(ErrorsTest);
DECKHAND_ON_BOTH_DIALECTS(ErrorsAfterTwoScripts);

}  // namespace
}  // namespace deckhand::test
