// execute_script: several statements in one text, and errors that point at the failing one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "deckhand/db/errors.hpp"
#include "sqlite_test_support.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using namespace std::string_literals;

class SqliteScript : public ::testing::Test {
  protected:
    TempDir dir_;
    std::unique_ptr<db::Connection> connection_ = open_database(dir_ / "app.db");

    bool table_exists(const std::string& name) {
        return single_value(*connection_, "SELECT count(*) FROM sqlite_schema WHERE name = $1",
                            {name}) == "1";
    }
};

TEST_F(SqliteScript, RunsEveryStatementInTurn) {
    connection_->execute_script(
        "CREATE TABLE users(id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);\n"
        "INSERT INTO users(email) VALUES ('a@example.com');\n"
        "INSERT INTO users(email) VALUES ('b@example.com');\n"
        "UPDATE users SET email = upper(email) WHERE id = 2;\n");
    auto result = connection_->query("SELECT email FROM users ORDER BY id");
    ASSERT_EQ(result.rows.size(), 2u);
    EXPECT_EQ(result.rows[0][0], "a@example.com");
    EXPECT_EQ(result.rows[1][0], "B@EXAMPLE.COM");
}

TEST_F(SqliteScript, SkipsCommentsAndEmptyStatementsAndAcceptsNoTrailingSemicolon) {
    connection_->execute_script(
        "-- deckhand:no-transaction\n"
        "/* a block comment; with a semicolon */\n"
        "CREATE TABLE a(x);;\n"
        "  ;\n"
        "INSERT INTO a VALUES ('it''s -- not a comment; really')\n");
    EXPECT_EQ(single_value(*connection_, "SELECT x FROM a"), "it's -- not a comment; really");
    connection_->execute_script("CREATE TABLE b(x); -- a trailing comment\n/* and another */\n");
    EXPECT_TRUE(table_exists("b"));
    connection_->execute_script("");
    connection_->execute_script("  -- only a comment\n");
}

TEST_F(SqliteScript, ParsesAScriptInPlaceWithoutCopyingTheRestOfItPerStatement) {
    // Handed a length without the terminating NUL, SQLite copies the text from each statement
    // to the end of the script before parsing it: a 4 MB script then costs one allocation of
    // about 4 MB per statement, time quadratic in its size. Parsed in place, no allocation
    // comes near the script's size.
    std::string script = "CREATE TABLE t(x);\nBEGIN;\n";
    std::size_t inserts = 0;
    for (; script.size() < std::size_t{4} << 20; ++inserts) {
        script += "INSERT INTO t VALUES (1);\n";
    }
    script += "COMMIT;\n";
    sqlite3_int64 current = 0;
    sqlite3_int64 largest = 0;
    sqlite3_status64(SQLITE_STATUS_MALLOC_SIZE, &current, &largest, /*resetFlag=*/1);
    connection_->execute_script(script);
    sqlite3_status64(SQLITE_STATUS_MALLOC_SIZE, &current, &largest, 0);
    EXPECT_LT(largest, sqlite3_int64{1} << 20);
    EXPECT_EQ(single_value(*connection_, "SELECT count(*) FROM t"), std::to_string(inserts));
}

TEST_F(SqliteScript, ANulByteInAScriptIsRefusedAtItsOffsetInsteadOfEndingTheScript) {
    const std::string script = "CREATE TABLE a(x);\nSELECT 1;\0\nCREATE TABLE b(x);\n"s;
    try {
        connection_->execute_script(script);
        ADD_FAILURE() << "the script ran";
    } catch (const db::DatabaseError& error) {
        EXPECT_THAT(error.what(), HasSubstr("NUL byte"));
        EXPECT_EQ(error.offset(), std::optional<std::size_t>(script.find('\0')));
    }
    EXPECT_FALSE(table_exists("a"));  // refused before the first statement
    EXPECT_FALSE(table_exists("b"));
}

TEST_F(SqliteScript, RunsStatementsThatReturnRowsAndKeepsGoing) {
    connection_->execute_script(
        "SELECT 1; CREATE TABLE after_select(x); SELECT * FROM after_select;");
    EXPECT_TRUE(table_exists("after_select"));
}

TEST_F(SqliteScript, AnErrorInTheSecondOfThreeStatementsPointsIntoItAndStopsTheScript) {
    const std::string script =
        "CREATE TABLE first(x);\n"
        "-- the second statement names a table that does not exist\n"
        "INSERT INTO missing_table VALUES (1);\n"
        "CREATE TABLE third(x);\n";
    const auto second_start = script.find("INSERT");
    const auto third_start = script.find("CREATE TABLE third");
    try {
        connection_->execute_script(script);
        FAIL() << "the script succeeded";
    } catch (const db::DatabaseError& error) {
        EXPECT_THAT(error.what(), HasSubstr("no such table: missing_table"));
        EXPECT_EQ(error.code(), "SQLITE_ERROR");
        ASSERT_TRUE(error.offset().has_value());
        EXPECT_GE(*error.offset(), second_start);
        EXPECT_LT(*error.offset(), third_start);
    }
    EXPECT_TRUE(table_exists("first"));
    EXPECT_FALSE(table_exists("third"));
}

TEST_F(SqliteScript, ASyntaxErrorPointsAtTheOffendingToken) {
    const std::string script = "CREATE TABLE ok(x);\nCREATE TABEL broken(x);\n";
    try {
        connection_->execute_script(script);
        FAIL() << "the script succeeded";
    } catch (const db::DatabaseError& error) {
        EXPECT_THAT(error.what(), HasSubstr("syntax error"));
        ASSERT_TRUE(error.offset().has_value());
        EXPECT_EQ(*error.offset(), script.find("TABEL"));
    }
}

TEST_F(SqliteScript, AnErrorWhileRunningPointsAtTheStartOfTheFailingStatement) {
    const std::string script =
        "CREATE TABLE users(email TEXT UNIQUE);\n"
        "\n"
        "  /* the duplicate */ INSERT INTO users VALUES ('a'), ('a');\n"
        "CREATE TABLE never(x);\n";
    try {
        connection_->execute_script(script);
        FAIL() << "the script succeeded";
    } catch (const db::DatabaseError& error) {
        EXPECT_EQ(error.code(), "SQLITE_CONSTRAINT_UNIQUE");
        EXPECT_THAT(error.what(), HasSubstr("UNIQUE constraint failed: users.email"));
        ASSERT_TRUE(error.offset().has_value());
        EXPECT_EQ(*error.offset(), script.find("INSERT"));
    }
    EXPECT_FALSE(table_exists("never"));
}

}  // namespace
}  // namespace deckhand::test
