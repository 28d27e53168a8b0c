// -- deckhand:no-transaction scripts: run statement by statement, CREATE INDEX CONCURRENTLY on
// PostgreSQL, and a part-way failure recorded as failed until repair.
#include <gmock/gmock.h>

#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using NoTransactionTest = MigrateTest;

TEST_P(NoTransactionTest, RunsTheScriptStatementByStatement) {
    write("V1__posts.sql", "CREATE TABLE posts (id integer, category integer);");
    write_for_dialect(
        "V2__index.sql",
        on_postgres()
            ? "-- deckhand:no-transaction\n"
              "CREATE INDEX CONCURRENTLY posts_category_idx ON posts (category);\n"
              "CREATE FUNCTION one() RETURNS integer AS $body$ BEGIN RETURN 1; END; $body$ "
              "LANGUAGE plpgsql;\n"
            : "-- deckhand:no-transaction\n"
              "CREATE INDEX posts_category_idx ON posts (category);\n"
              "CREATE TRIGGER posts_touch AFTER INSERT ON posts BEGIN\n"
              "  UPDATE posts SET category = CASE WHEN NEW.category IS NULL THEN 0 ELSE "
              "NEW.category END WHERE id = NEW.id;\nEND;\n");
    auto result = run_migrate();
    EXPECT_EQ(result.applied.size(), 2u);
    EXPECT_TRUE(history().back().success);
    if (on_postgres()) {
        EXPECT_EQ(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                         "'posts_category_idx'::regclass"),
                  "t");
        EXPECT_EQ(scalar("SELECT one()"), "1");
    } else {
        db().query("INSERT INTO posts (id) VALUES (7)");
        EXPECT_EQ(scalar("SELECT category FROM posts WHERE id = 7"), "0");
    }
}

class NoTransactionFailure : public MigrateTest {
  protected:
    void SetUp() override {
        MigrateTest::SetUp();
        write("V1__posts.sql", "CREATE TABLE posts (id integer, category integer);");
        run_migrate();
        write("V2__half.sql",
              "-- deckhand:no-transaction\n"
              "CREATE TABLE first_half (x integer);\n"
              "CREATE INDEX first_half_x ON first_half (x);\n"
              "INSERT INTO nowhere VALUES (1);\n"
              "CREATE TABLE second_half (x integer);\n");
        write("V3__later.sql", "CREATE TABLE later (x integer);");
    }
};

TEST_P(NoTransactionFailure, IsRecordedAsFailedAndNamedByStatusUntilRepair) {
    int exit_status = 0;
    auto message = error_of([&] { run_migrate(); }, &exit_status);
    EXPECT_EQ(exit_status, 1);
    EXPECT_THAT(message, StartsWith((migrations_dir() / "V2__half.sql").generic_string() + ":4: "));
    EXPECT_THAT(message, HasSubstr("nowhere"));
    EXPECT_THAT(
        message,
        HasSubstr(
            "2 of 4 statements took effect, and it is recorded as failed until `deckhand repair`"));
    EXPECT_TRUE(table_exists("first_half"));  // outside a transaction: cannot be undone
    EXPECT_FALSE(table_exists("second_half"));
    EXPECT_FALSE(table_exists("later"));
    auto h = history();
    ASSERT_EQ(h.size(), 2u);
    EXPECT_FALSE(h[1].success);
    EXPECT_EQ(status_of_version("2"), migrate::MigrationState::failed);
    EXPECT_FALSE(status().is_current(script::Phase::pre));

    // Until repair, migrate refuses, naming the failed script.
    const std::string before = dump();
    EXPECT_THAT(error_of([&] { run_migrate(); }),
                HasSubstr("V2__half.sql failed part-way on " + h[1].installed_on +
                          " and is recorded as failed"));
    EXPECT_EQ(dump(), before);

    // The operator finishes the job by hand, fixes the script so it can run again, repairs.
    db().execute_script("DROP TABLE first_half");
    write("V2__half.sql",
          "-- deckhand:no-transaction\n"
          "CREATE TABLE first_half (x integer);\n"
          "CREATE INDEX first_half_x ON first_half (x);\n"
          "CREATE TABLE second_half (x integer);\n");
    auto repaired = migrate::repair(db(), load(), std::chrono::seconds(5), io());
    EXPECT_EQ(repaired.removed, std::vector<std::string>{"V2__half.sql"});
    EXPECT_EQ(status_of_version("2"), migrate::MigrationState::pending);
    EXPECT_EQ(run_migrate().applied.size(), 2u);
    EXPECT_TRUE(table_exists("second_half"));
    EXPECT_TRUE(table_exists("later"));
}

TEST_P(NoTransactionTest, AFailureOnTheFirstStatementLeavesNothingBehind) {
    write("V1__posts.sql", "CREATE TABLE posts (id integer);");
    run_migrate();
    const std::string before = dump();
    write("V2__broken.sql",
          "-- deckhand:no-transaction\nINSERT INTO nowhere VALUES (1);\nCREATE TABLE t (x "
          "integer);\n");
    auto message = error_of([&] { run_migrate(); });
    EXPECT_THAT(message, HasSubstr("V2__broken.sql:2: "));
    EXPECT_THAT(message, HasSubstr("none of its statements took effect"));
    EXPECT_EQ(dump(), before);
    EXPECT_EQ(status_of_version("2"), migrate::MigrationState::pending);
}

TEST_P(NoTransactionTest, MayControlItsOwnTransactions) {
    write("V1__own.sql",
          "-- deckhand:no-transaction\nBEGIN;\nCREATE TABLE a (x integer);\nINSERT INTO a VALUES "
          "(1);\nCOMMIT;\n");
    run_migrate();
    EXPECT_EQ(scalar("SELECT x FROM a"), "1");
}

DECKHAND_ON_BOTH_DIALECTS(NoTransactionTest);
DECKHAND_ON_BOTH_DIALECTS(NoTransactionFailure);

}  // namespace
}  // namespace deckhand::test
