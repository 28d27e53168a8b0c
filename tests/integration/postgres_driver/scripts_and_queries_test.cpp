// Scripts (simple protocol, several statements), parameterised queries and their results, and
// errors that carry the server's message, SQLSTATE and byte offset.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "deckhand/db/errors.hpp"
#include "driver_test.hpp"
#include "support/visited_rows.hpp"

namespace deckhand::test {
namespace {

using db::DatabaseError;
using db::Value;
using namespace std::string_literals;

// Runs `sql` as a script and returns the error it must raise.
DatabaseError script_error(db::Connection& connection, const std::string& sql) {
    try {
        connection.execute_script(sql);
    } catch (const DatabaseError& error) {
        return error;
    }
    ADD_FAILURE() << "the script should have failed: " << sql;
    return DatabaseError("no error");
}

class Scripts : public PostgresDriverTest {};
class Queries : public PostgresDriverTest {};

TEST_F(Scripts, RunEveryStatementOfAMultiStatementScript) {
    auto connection = connect();
    connection->execute_script(
        "CREATE TABLE people (id int PRIMARY KEY, name text);\n"
        "INSERT INTO people VALUES (1, 'ada');\n"
        "INSERT INTO people VALUES (2, 'grace');\n"
        "CREATE FUNCTION shout(t text) RETURNS text LANGUAGE plpgsql AS $$\n"
        "BEGIN RETURN upper(t); END; $$;\n");
    EXPECT_EQ(psql("SELECT string_agg(shout(name), ',' ORDER BY id) FROM people"), "ADA,GRACE");
}

TEST_F(Scripts, ReportTheByteOffsetOfTheFailingSecondStatement) {
    auto connection = connect();
    const std::string sql = "CREATE TABLE first_one (id int);\nSELECT * FROM missing_table;\n";
    DatabaseError error = script_error(*connection, sql);
    EXPECT_EQ(error.code(), "42P01");
    EXPECT_NE(std::string(error.what()).find("missing_table"), std::string::npos) << error.what();
    ASSERT_TRUE(error.offset().has_value());
    EXPECT_EQ(*error.offset(), sql.find("missing_table"));
    // One script outside a transaction is one implicit transaction: nothing of it stays.
    EXPECT_EQ(psql("SELECT count(*) FROM pg_class WHERE relname = 'first_one'"), "0");
}

TEST_F(Scripts, RefuseANulByteAtItsOffsetInsteadOfSendingWhatComesBeforeIt) {
    auto connection = connect();
    const std::string sql = "CREATE TABLE before_nul (id int);\0\nDROP TABLE x;\n"s;
    DatabaseError error = script_error(*connection, sql);
    EXPECT_NE(std::string(error.what()).find("NUL byte"), std::string::npos) << error.what();
    EXPECT_EQ(error.offset(), std::optional<std::size_t>(sql.find('\0')));
    EXPECT_EQ(psql("SELECT count(*) FROM pg_class WHERE relname = 'before_nul'"), "0");
    EXPECT_THROW(connection->query("SELECT 1\0; DROP TABLE x"s), DatabaseError);
}

TEST_F(Scripts, CountMultibyteCharactersBeforeTheErrorAsTheirBytes) {
    auto connection = connect();
    const std::string sql = "SELECT 'héllo wörld ✓ 日本';\nSELECT * FROM tablé_missing;\n";
    DatabaseError error = script_error(*connection, sql);
    EXPECT_EQ(error.code(), "42P01");
    ASSERT_TRUE(error.offset().has_value());
    EXPECT_EQ(*error.offset(), sql.find("tablé_missing"));
    EXPECT_EQ(sql.substr(*error.offset(), 14), "tablé_missing");
}

TEST_F(Scripts, ReportSyntaxErrorsWithTheirPosition) {
    auto connection = connect();
    const std::string sql = "SELECT 1;\nSELEC 2;\n";
    DatabaseError error = script_error(*connection, sql);
    EXPECT_EQ(error.code(), "42601");
    EXPECT_NE(std::string(error.what()).find("syntax error"), std::string::npos) << error.what();
    ASSERT_TRUE(error.offset().has_value());
    EXPECT_EQ(*error.offset(), sql.find("SELEC 2"));
}

TEST_F(Scripts, IncludeTheServersDetailAndHintInTheMessage) {
    auto connection = connect();
    connection->execute_script(
        "CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items VALUES (1, 'a');");
    DatabaseError duplicate = script_error(*connection, "INSERT INTO items VALUES (1, 'b');");
    EXPECT_EQ(duplicate.code(), "23505");
    EXPECT_NE(std::string(duplicate.what()).find("DETAIL: Key (id)=(1) already exists."),
              std::string::npos)
        << duplicate.what();
    EXPECT_FALSE(duplicate.offset().has_value());

    DatabaseError misspelt = script_error(*connection, "SELECT nme FROM items;");
    EXPECT_EQ(misspelt.code(), "42703");
    EXPECT_NE(std::string(misspelt.what()).find("HINT: Perhaps you meant"), std::string::npos)
        << misspelt.what();
}

TEST_F(Scripts, RefuseCopyFromStdinAndLeaveTheConnectionUsable) {
    auto connection = connect();
    connection->execute_script("CREATE TABLE loaded (id int);");
    DatabaseError error = script_error(*connection, "COPY loaded FROM STDIN;");
    EXPECT_NE(std::string(error.what()).find("COPY ... FROM STDIN"), std::string::npos)
        << error.what();
    connection->execute_script("INSERT INTO loaded VALUES (7);");
    EXPECT_EQ(connection->query("SELECT id FROM loaded").rows.at(0).at(0), "7");
}

TEST_F(Scripts, DiscardTheOutputOfCopyToStdoutAndRunTheRest) {
    auto connection = connect();
    connection->execute_script(
        "CREATE TABLE copied AS SELECT generate_series(1, 100) AS n;\n"
        "COPY copied TO STDOUT;\n"
        "INSERT INTO copied VALUES (101);\n");
    EXPECT_EQ(psql("SELECT count(*) FROM copied"), "101");
}

TEST_F(Queries, BindEveryValueTypeAsText) {
    auto connection = connect();
    db::ResultSet result = connection->query(
        "SELECT $1::bigint AS big, $2::float8 AS real, $3::boolean AS yes, $4::boolean AS no, "
        "$5::text AS words, $6::text IS NULL AS missing, $7::int AS nothing",
        {Value(std::int64_t{-9007199254740993}), Value(0.1), Value(true), Value(false),
         Value(std::string("héllo 'quoted' \\ $1")), Value(), Value()});
    ASSERT_EQ(result.rows.size(), 1U);
    EXPECT_EQ(result.columns, (std::vector<std::string>{"big", "real", "yes", "no", "words",
                                                        "missing", "nothing"}));
    const db::Row& row = result.rows[0];
    EXPECT_EQ(row[0], "-9007199254740993");
    EXPECT_EQ(row[1], "0.1");
    EXPECT_EQ(row[2], "t");
    EXPECT_EQ(row[3], "f");
    EXPECT_EQ(row[4], "héllo 'quoted' \\ $1");
    EXPECT_EQ(row[5], "t");
    EXPECT_EQ(row[6], std::nullopt);
    EXPECT_EQ(result.affected_rows, 0);
}

TEST_F(Queries, RoundTripDoublesExactlyIncludingTheSpecialOnes) {
    auto connection = connect();
    const double values[] = {1e300,
                             -0.5,
                             5e-324,
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             0.30000000000000004};
    for (double value : values) {
        db::ResultSet result =
            connection->query("SELECT $1::float8 = $2::float8", {Value(value), Value(value)});
        EXPECT_EQ(result.rows.at(0).at(0), "t") << value;
        db::ResultSet text = connection->query("SELECT $1::float8", {Value(value)});
        // strtod, not stod: stod refuses subnormals such as 5e-324.
        EXPECT_EQ(std::strtod(text.rows.at(0).at(0)->c_str(), nullptr), value);
    }
    db::ResultSet nan = connection->query("SELECT $1::float8", {Value(std::nan(""))});
    EXPECT_EQ(nan.rows.at(0).at(0), "NaN");
}

TEST_F(Queries, StoreAndReadBackEveryValueTypeThroughATable) {
    auto connection = connect();
    connection->execute_script(
        "CREATE TABLE kinds (id bigint, ratio double precision, active boolean, label text, note "
        "text)");
    connection->query("INSERT INTO kinds VALUES ($1, $2, $3, $4, $5)",
                      {Value(std::int64_t{9223372036854775807}), Value(2.5), Value(true),
                       Value(std::string("日本語")), Value()});
    db::ResultSet result = connection->query("SELECT id, ratio, active, label, note FROM kinds");
    ASSERT_EQ(result.rows.size(), 1U);
    EXPECT_EQ(result.rows[0], (db::Row{"9223372036854775807", "2.5", "t", "日本語", std::nullopt}));
    EXPECT_EQ(psql("SELECT note IS NULL FROM kinds"), "t");
}

TEST_F(Queries, ReportRowsWrittenAndNoneForReads) {
    auto connection = connect();
    connection->execute_script("CREATE TABLE counted (n int)");
    EXPECT_EQ(connection->query("INSERT INTO counted SELECT generate_series(1, 5)").affected_rows,
              5);
    EXPECT_EQ(
        connection->query("UPDATE counted SET n = n + 1 WHERE n > $1", {Value(std::int64_t{2})})
            .affected_rows,
        3);
    db::ResultSet returning = connection->query("INSERT INTO counted VALUES (100) RETURNING n");
    EXPECT_EQ(returning.affected_rows, 1);
    EXPECT_EQ(returning.rows.at(0).at(0), "100");
    db::ResultSet read = connection->query("SELECT n FROM counted ORDER BY n");
    EXPECT_EQ(read.rows.size(), 6U);
    EXPECT_EQ(read.affected_rows, 0);
    EXPECT_EQ(connection->query("DELETE FROM counted").affected_rows, 6);
    EXPECT_EQ(connection->query("CREATE TABLE other (n int)").affected_rows, 0);
}

TEST_F(Queries, VisitEachRowAsQueryWouldReturnIt) {
    auto connection = connect();
    connection->execute_script(
        "CREATE TABLE visited (id int, label text, note text);"
        "INSERT INTO visited SELECT n, 'row ' || n, CASE WHEN n % 2 = 0 THEN NULL ELSE '日本' END "
        "FROM generate_series(1, 2500) AS n;");
    const std::string sql = "SELECT id, label, note FROM visited WHERE id > $1 ORDER BY id";
    // Twice: the second run goes through the statement prepared on the server.
    for (int run = 0; run < 2; ++run) {
        std::int64_t affected = -1;
        auto rows = visited_rows(*connection, sql, {Value(std::int64_t{10})}, &affected);
        EXPECT_EQ(rows, connection->query(sql, {Value(std::int64_t{10})}).rows);
        ASSERT_EQ(rows.size(), 2490U);
        EXPECT_EQ(rows.front(), (db::Row{"11", "row 11", "日本"}));
        EXPECT_EQ(rows.back(), (db::Row{"2500", "row 2500", std::nullopt}));
        EXPECT_EQ(affected, 0);
    }
    std::int64_t affected = -1;
    auto returned = visited_rows(
        *connection, "UPDATE visited SET note = 'x' WHERE id <= 3 RETURNING id", {}, &affected);
    EXPECT_EQ(returned.size(), 3U);
    EXPECT_EQ(affected, 3);
    EXPECT_TRUE(visited_rows(*connection, "CREATE TABLE more (n int)", {}, &affected).empty());
    EXPECT_EQ(affected, 0);
}

TEST_F(Queries, LeaveTheSessionUsableWhenAVisitorThrowsOrTheQueryFails) {
    auto connection = connect();
    int visited = 0;
    EXPECT_THROW(connection->query_each("SELECT generate_series(1, 100)", {},
                                        [&](db::RowView) {
                                            if (++visited == 5) throw std::runtime_error("stop");
                                        }),
                 std::runtime_error);
    EXPECT_EQ(visited, 5);
    EXPECT_THROW(connection->query_each("SELECT no_such_column", {}, [](db::RowView) {}),
                 DatabaseError);
    EXPECT_EQ(connection->query("SELECT 41 + 1").rows.at(0).at(0), "42");
}

TEST_F(Queries, PrepareAStatementOnTheServerOnceItRepeats) {
    auto connection = connect();
    const std::string sql = "SELECT $1::int + 1";
    for (std::int64_t i = 0; i < 4; ++i) {
        EXPECT_EQ(connection->query(sql, {Value(i)}).rows.at(0).at(0), std::to_string(i + 1));
    }
    db::ResultSet prepared = connection->query(
        "SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", {Value(sql)});
    EXPECT_EQ(prepared.rows.at(0).at(0), "1");
}

TEST_F(Queries, KeepWorkingWhenATablesColumnsChangeUnderAPreparedStatement) {
    auto connection = connect();
    connection->execute_script("CREATE TABLE shifting (a int); INSERT INTO shifting VALUES (1);");
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(connection->query("SELECT * FROM shifting").columns.size(), 1U);
    }
    connection->execute_script("ALTER TABLE shifting ADD COLUMN b int DEFAULT 2;");
    db::ResultSet after = connection->query("SELECT * FROM shifting");
    EXPECT_EQ(after.columns, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(after.rows.at(0), (db::Row{"1", "2"}));
    EXPECT_EQ(connection->query("SELECT * FROM shifting").rows.at(0), (db::Row{"1", "2"}));
}

TEST_F(Queries, PrepareAfreshAfterAScriptDroppedEveryPreparedStatementInATransaction) {
    // Inside a transaction a stale name cannot be retried (the error aborts it): the driver sees
    // the DEALLOCATE ALL or DISCARD ALL go by and forgets its names first.
    auto connection = connect();
    const std::string sql = "SELECT $1::int * 2";
    for (const std::string dropper : {"DEALLOCATE ALL", "SELECT 1; DEALLOCATE ALL; SELECT 2"}) {
        for (int run = 0; run < 3; ++run) {
            connection->query(sql, {Value(std::int64_t{21})});
        }
        connection->begin();
        connection->execute_script(dropper);
        EXPECT_EQ(connection->query(sql, {Value(std::int64_t{21})}).rows.at(0).at(0), "42")
            << dropper;
        connection->commit();
    }
    for (int run = 0; run < 3; ++run) {
        connection->query(sql, {Value(std::int64_t{21})});
    }
    connection->execute_script("DISCARD ALL");
    connection->begin();
    EXPECT_EQ(connection->query(sql, {Value(std::int64_t{21})}).rows.at(0).at(0), "42");
    connection->commit();
}

TEST_F(Queries, ReportErrorsWithSqlstateAndPosition) {
    auto connection = connect();
    const std::string sql = "SELECT no_such_column FROM pg_class WHERE relname = $1";
    try {
        connection->query(sql, {Value(std::string("x"))});
        FAIL() << "the query should have failed";
    } catch (const DatabaseError& error) {
        EXPECT_EQ(error.code(), "42703");
        ASSERT_TRUE(error.offset().has_value());
        EXPECT_EQ(*error.offset(), sql.find("no_such_column"));
    }
    // The same statement fails the same way once it would be prepared.
    EXPECT_THROW(connection->query(sql, {Value(std::string("x"))}), DatabaseError);
    EXPECT_EQ(connection->query("SELECT 1").rows.at(0).at(0), "1");
}

TEST_F(Queries, RefuseSeveralStatementsInOneQuery) {
    auto connection = connect();
    EXPECT_THROW(connection->query("SELECT 1; SELECT 2"), DatabaseError);
}

}  // namespace
}  // namespace deckhand::test
