// query(): $N parameters bound natively, rows as text, NULLs, affected rows, reused statements.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "deckhand/db/errors.hpp"
#include "sqlite_test_support.hpp"
#include "support/temp_dir.hpp"
#include "support/visited_rows.hpp"

namespace deckhand::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class SqliteQuery : public ::testing::Test {
  protected:
    TempDir dir_;
    std::unique_ptr<db::Connection> connection_ = open_database(dir_ / "app.db");

    db::DatabaseError query_error(const std::string& sql, const std::vector<db::Value>& params) {
        try {
            connection_->query(sql, params);
        } catch (const db::DatabaseError& error) {
            return error;
        }
        ADD_FAILURE() << "the query succeeded: " << sql;
        return db::DatabaseError("no error");
    }
};

TEST_F(SqliteQuery, BindsEachValueKindNatively) {
    const std::string sql = "SELECT typeof($1)";
    EXPECT_EQ(single_value(*connection_, sql, {std::int64_t{7}}), "integer");
    EXPECT_EQ(single_value(*connection_, sql, {2.5}), "real");
    EXPECT_EQ(single_value(*connection_, sql, {true}), "integer");
    EXPECT_EQ(single_value(*connection_, sql, {std::string("seven")}), "text");
    EXPECT_EQ(single_value(*connection_, sql, {std::monostate{}}), "null");
}

TEST_F(SqliteQuery, EveryValueKindRoundTripsThroughATable) {
    connection_->execute_script("CREATE TABLE v(i INTEGER, r REAL, b BOOLEAN, t TEXT, n TEXT)");
    const std::string text_with_nul("quote ' unicode \xC3\xA9 nul \0 end", 28);
    struct Case {
        std::int64_t integer;
        double real;
        bool boolean;
        std::string text;
        std::string integer_text, real_text, boolean_text;
    };
    const std::vector<Case> cases = {
        {std::numeric_limits<std::int64_t>::max(), 0.1 + 0.2, true, text_with_nul,
         "9223372036854775807", "0.30000000000000004", "1"},
        {std::numeric_limits<std::int64_t>::min(), -1e300, false, "", "-9223372036854775808",
         "-1e+300", "0"},
        {0, 1.0, true, "plain", "0", "1", "1"},
    };
    for (const auto& item : cases) {
        connection_->query("DELETE FROM v");
        connection_->query("INSERT INTO v VALUES ($1, $2, $3, $4, $5)",
                           {item.integer, item.real, item.boolean, item.text, std::monostate{}});
        auto result = connection_->query("SELECT i, r, b, t, n FROM v");
        ASSERT_EQ(result.rows.size(), 1u);
        EXPECT_THAT(result.rows[0], ElementsAre(item.integer_text, item.real_text,
                                                item.boolean_text, item.text, std::nullopt));
    }
}

TEST_F(SqliteQuery, ReadsNullsAsAbsentAndEmptyTextAsEmpty) {
    auto result =
        connection_->query("SELECT NULL AS absent, '' AS empty, $1 AS bound", {std::monostate{}});
    EXPECT_THAT(result.columns, ElementsAre("absent", "empty", "bound"));
    ASSERT_EQ(result.rows.size(), 1u);
    EXPECT_THAT(result.rows[0], ElementsAre(std::nullopt, std::string(), std::nullopt));
}

TEST_F(SqliteQuery, NamesTheColumnsEvenWhenNoRowsCome) {
    connection_->execute_script("CREATE TABLE empty(id INTEGER, name TEXT)");
    auto result = connection_->query("SELECT id, name AS label FROM empty");
    EXPECT_THAT(result.columns, ElementsAre("id", "label"));
    EXPECT_TRUE(result.rows.empty());
    EXPECT_EQ(result.affected_rows, 0);
}

TEST_F(SqliteQuery, CountsRowsChangedByWritesAndNoneForQueriesOrDdl) {
    connection_->execute_script("CREATE TABLE t(x INTEGER)");
    EXPECT_EQ(connection_->query("INSERT INTO t VALUES (1), (2), (3)").affected_rows, 3);
    EXPECT_EQ(connection_->query("UPDATE t SET x = x * 10 WHERE x >= $1", {std::int64_t{2}})
                  .affected_rows,
              2);
    // After a write, neither a query nor DDL may report that write's count again.
    EXPECT_EQ(connection_->query("SELECT * FROM t").affected_rows, 0);
    EXPECT_EQ(connection_->query("CREATE TABLE u(y)").affected_rows, 0);
    EXPECT_EQ(connection_->query("DELETE FROM t WHERE x = 99").affected_rows, 0);
    EXPECT_EQ(connection_->query("DELETE FROM t").affected_rows, 3);
}

TEST_F(SqliteQuery, ReturnsRowsAndCountFromInsertReturning) {
    connection_->execute_script("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)");
    auto result = connection_->query("INSERT INTO t(x) VALUES ($1), ($2) RETURNING id",
                                     {std::string("a"), std::string("b")});
    EXPECT_EQ(result.affected_rows, 2);
    ASSERT_EQ(result.rows.size(), 2u);
    EXPECT_EQ(result.rows[1][0], "2");
}

TEST_F(SqliteQuery, AParameterMayAppearTwiceAndOutOfOrder) {
    EXPECT_EQ(single_value(*connection_, "SELECT $2 || '-' || $1 || '-' || $2",
                           {std::string("a"), std::string("b")}),
              "b-a-b");
}

TEST_F(SqliteQuery, DollarSignsInsideLiteralsAreText) {
    EXPECT_EQ(single_value(*connection_, "SELECT '$1' || $1", {std::string("!")}), "$1!");
}

TEST_F(SqliteQuery, RefusesAParameterNumberWithoutAValue) {
    auto error = query_error("SELECT $1, $2", {std::int64_t{1}});
    EXPECT_THAT(error.what(), HasSubstr("uses $2 but only 1 parameter was given"));
}

TEST_F(SqliteQuery, RefusesAValueTheStatementDoesNotUse) {
    auto error = query_error("SELECT $1", {std::int64_t{1}, std::int64_t{2}});
    EXPECT_THAT(error.what(),
                HasSubstr("parameter $2 was given but the statement does not use it"));
}

TEST_F(SqliteQuery, RefusesParametersWrittenOtherwiseThanDollarNumber) {
    EXPECT_THAT(query_error("SELECT ?", {std::int64_t{1}}).what(), HasSubstr("$1, $2"));
    EXPECT_THAT(query_error("SELECT :name", {std::int64_t{1}}).what(), HasSubstr("':name'"));
}

TEST_F(SqliteQuery, RefusesMoreThanOneStatement) {
    connection_->execute_script("CREATE TABLE t(x)");
    const std::string sql = "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)";
    auto error = query_error(sql, {});
    EXPECT_THAT(error.what(), HasSubstr("one statement"));
    EXPECT_EQ(error.offset(), sql.find("INSERT INTO t VALUES (2)"));
    EXPECT_EQ(single_value(*connection_, "SELECT count(*) FROM t"), "0");
    // A trailing semicolon and comment are not a second statement.
    connection_->query("INSERT INTO t VALUES (3); -- done");
    EXPECT_EQ(single_value(*connection_, "SELECT count(*) FROM t"), "1");
}

TEST_F(SqliteQuery, AnErrorCarriesTheCodeAndPointsIntoTheStatement) {
    const std::string sql = "SELECT nope FROM sqlite_schema";
    auto error = query_error(sql, {});
    EXPECT_THAT(error.what(), HasSubstr("no such column: nope"));
    EXPECT_EQ(error.code(), "SQLITE_ERROR");
    EXPECT_EQ(error.offset(), sql.find("nope"));
}

TEST_F(SqliteQuery, RepeatingOneStatementInALoopKeepsEachRunsValues) {
    connection_->execute_script("CREATE TABLE history(version INTEGER, script TEXT)");
    const std::string insert = "INSERT INTO history(version, script) VALUES ($1, $2)";
    connection_->begin();
    for (std::int64_t version = 1; version <= 500; ++version) {
        auto result = connection_->query(insert, {version, "V" + std::to_string(version) + ".sql"});
        ASSERT_EQ(result.affected_rows, 1);
    }
    connection_->commit();
    EXPECT_EQ(single_value(*connection_, "SELECT count(DISTINCT script) FROM history"), "500");
    EXPECT_EQ(single_value(*connection_, "SELECT script FROM history WHERE version = $1",
                           {std::int64_t{321}}),
              "V321.sql");
}

TEST_F(SqliteQuery, AFailedRunDoesNotSpoilTheNextRunOfTheSameStatement) {
    connection_->execute_script("CREATE TABLE t(x INTEGER UNIQUE)");
    const std::string insert = "INSERT INTO t VALUES ($1)";
    connection_->query(insert, {std::int64_t{1}});
    EXPECT_THROW(connection_->query(insert, {std::int64_t{1}}), db::DatabaseError);
    EXPECT_EQ(connection_->query(insert, {std::int64_t{2}}).affected_rows, 1);
    EXPECT_EQ(single_value(*connection_, "SELECT group_concat(x) FROM t"), "1,2");
}

TEST_F(SqliteQuery, SeesTablesCreatedAfterAStatementWasFirstUsed) {
    connection_->execute_script("CREATE TABLE t(x)");
    const std::string count = "SELECT count(*) FROM sqlite_schema";
    EXPECT_EQ(single_value(*connection_, count), "1");
    connection_->execute_script("CREATE TABLE u(x)");
    EXPECT_EQ(single_value(*connection_, count), "2");
    // A cached statement on a dropped table fails cleanly instead of reading stale columns.
    const std::string read_u = "SELECT * FROM u";
    connection_->query(read_u);
    connection_->execute_script("DROP TABLE u");
    EXPECT_THROW(connection_->query(read_u), db::DatabaseError);
}

TEST_F(SqliteQuery, QueryEachVisitsTheRowsQueryWouldReturn) {
    connection_->execute_script(
        "CREATE TABLE visited (id INTEGER, ratio REAL, label TEXT, note TEXT);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) "
        "INSERT INTO visited SELECT i, i / 4.0, 'row ' || i, "
        "CASE WHEN i % 2 = 0 THEN NULL ELSE 'caf\xC3\xA9' END FROM n;");
    const std::string sql = "SELECT id, ratio, label, note, ratio * 2 FROM visited WHERE id > $1";
    std::int64_t affected = -1;
    auto rows = visited_rows(*connection_, sql, {std::int64_t{10}}, &affected);
    EXPECT_EQ(rows, connection_->query(sql, {std::int64_t{10}}).rows);
    ASSERT_EQ(rows.size(), 2490U);
    // Two reals in one row: each keeps its own text while the row is visited.
    EXPECT_EQ(rows.front(), (db::Row{"11", "2.75", "row 11", "caf\xC3\xA9", "5.5"}));
    EXPECT_EQ(rows.back(), (db::Row{"2500", "625", "row 2500", std::nullopt, "1250"}));
    EXPECT_EQ(affected, 0);
    auto returned = visited_rows(
        *connection_, "UPDATE visited SET note = 'x' WHERE id <= 3 RETURNING id", {}, &affected);
    EXPECT_EQ(returned.size(), 3U);
    EXPECT_EQ(affected, 3);
}

TEST_F(SqliteQuery, QueryEachLeavesTheConnectionUsableWhenAVisitorThrows) {
    connection_->execute_script("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3);");
    int visited = 0;
    EXPECT_THROW(connection_->query_each("SELECT n FROM t", {},
                                         [&](db::RowView) {
                                             ++visited;
                                             throw std::runtime_error("stop");
                                         }),
                 std::runtime_error);
    EXPECT_EQ(visited, 1);
    EXPECT_THROW(connection_->query_each("SELECT nope FROM t", {}, [](db::RowView) {}),
                 db::DatabaseError);
    EXPECT_EQ(single_value(*connection_, "SELECT count(*) FROM t", {}), "3");
}

// SQLite has no round trips to save: the SDK's default runs a batch one statement at a time,
// with the same promises as PostgreSQL's pipeline.
class SqliteQueryBatch : public SqliteQuery {
  protected:
    void SetUp() override { connection_->execute_script("CREATE TABLE batched (n INTEGER)"); }
    std::string rows() { return single_value(*connection_, count, {}); }

    const std::string insert = "INSERT INTO batched (n) VALUES ($1)";
    const std::string count = "SELECT count(*) FROM batched";
    const std::string bad = "SELECT no_such_column FROM batched";
    const std::vector<db::Value> one{std::int64_t{1}};
    const std::vector<db::Value> none{};
};

TEST_F(SqliteQueryBatch, RunsInOrderAllOrNothingOutsideATransaction) {
    EXPECT_EQ(connection_->query_batch({{&insert, &one}, {&count, &none}}, db::AfterBatch::nothing)
                  .rows.at(0)
                  .at(0),
              "1");
    EXPECT_FALSE(connection_->in_transaction());
    try {
        connection_->query_batch({{&insert, &one}, {&bad, &none}, {&insert, &one}},
                                 db::AfterBatch::nothing);
        FAIL() << "the batch should have failed";
    } catch (const db::DatabaseError& error) {
        EXPECT_THAT(error.what(), HasSubstr("no_such_column"));
        EXPECT_EQ(error.offset(), std::optional<std::size_t>(bad.find("no_such_column")));
    }
    EXPECT_FALSE(connection_->in_transaction());
    EXPECT_EQ(rows(), "1");
    // Inside the caller's transaction the batch is part of it, and a failure is the caller's.
    connection_->begin();
    EXPECT_THROW(
        connection_->query_batch({{&insert, &one}, {&bad, &none}}, db::AfterBatch::nothing),
        db::DatabaseError);
    EXPECT_TRUE(connection_->in_transaction());
    connection_->rollback();
    EXPECT_EQ(rows(), "1");
}

TEST_F(SqliteQueryBatch, ThatCommitsEndsTheTransactionEitherWay) {
    EXPECT_THROW(connection_->query_batch({{&insert, &one}}, db::AfterBatch::commit),
                 db::DatabaseError);  // no transaction to commit: nothing ran
    EXPECT_EQ(rows(), "0");
    connection_->begin();
    connection_->query(insert, one);
    connection_->query_batch({{&insert, &one}, {&count, &none}}, db::AfterBatch::commit);
    EXPECT_FALSE(connection_->in_transaction());
    EXPECT_EQ(rows(), "2");
    connection_->begin();
    connection_->query(insert, one);
    EXPECT_THROW(connection_->query_batch({{&insert, &one}, {&bad, &none}}, db::AfterBatch::commit),
                 db::DatabaseError);
    EXPECT_FALSE(connection_->in_transaction());  // rolled back, both inserts with it
    EXPECT_EQ(rows(), "2");
}

}  // namespace
}  // namespace deckhand::test
