// Batches (db::Connection::query_batch) on PostgreSQL: the statements in order, sent in one round
// trip (counted by a relay between driver and server) with the COMMIT when asked, the first
// error thrown with its own offset, all or nothing outside a transaction, and prepared
// statements that went away.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "deckhand/db/errors.hpp"
#include "driver_test.hpp"
#include "support/connect_proxy.hpp"

namespace deckhand::test {
namespace {

using db::AfterBatch;
using db::BatchQuery;
using db::DatabaseError;
using db::Value;

class Batches : public PostgresDriverTest {
  protected:
    // The number of rows of `table`, through psql.
    std::string count_of(const std::string& table) const {
        return psql("SELECT count(*) FROM " + table);
    }

    // A connection to the test's database, which holds an empty table `batched`.
    std::unique_ptr<db::Connection> connect_to_empty_table() const {
        auto connection = connect();
        connection->execute_script("CREATE TABLE batched (n int)");
        return connection;
    }

    // A connection to the test's database through `relay`, which counts its round trips.
    std::unique_ptr<db::Connection> connect_through(const ConnectProxy& relay) const {
        return postgres::open_postgres(
            parse_database_url(relay.relayed(server_->url(database_)), "the relay"),
            db::ConnectOptions{});
    }
};

const std::string insert_sql = "INSERT INTO batched (n) VALUES ($1)";
const std::string count_sql = "SELECT count(*), max(n) FROM batched";
const std::vector<Value> no_params;
constexpr AfterBatch nothing = AfterBatch::nothing;
const std::vector<Value> one{Value(std::int64_t{1})};
const std::vector<Value> two{Value(std::int64_t{2})};

TEST_F(Batches, RunInOrderAndReturnTheLastOnesResultPreparedOnceTheyRepeat) {
    auto connection = connect_to_empty_table();
    for (std::int64_t n = 1; n <= 4; ++n) {
        const std::vector<Value> params{Value(n)};
        db::ResultSet last = connection->query_batch(
            {BatchQuery{&insert_sql, &params}, {&count_sql, &no_params}}, nothing);
        ASSERT_EQ(last.rows.size(), 1U);
        EXPECT_EQ(last.rows[0], (db::Row{std::to_string(n), std::to_string(n)}));
    }
    for (const std::string* sql : {&insert_sql, &count_sql}) {
        EXPECT_EQ(connection
                      ->query("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1",
                              {Value(*sql)})
                      .rows.at(0)
                      .at(0),
                  "1")
            << *sql;
    }
    EXPECT_FALSE(connection->in_transaction());
}

TEST_F(Batches, SendEveryStatementInOneRoundTrip) {
    ConnectProxy relay("127.0.0.1:" + std::to_string(server_->port()));
    auto connection = connect_through(relay);
    connection->execute_script("CREATE TABLE batched (n int)");
    const std::string third = "SELECT $1::text || '!'";
    const std::vector<Value> shout{Value(std::string("hey"))};
    // Three times: unnamed, then prepared (Parse messages in the pipeline too), then prepared.
    for (std::int64_t n = 1; n <= 3; ++n) {
        const std::vector<Value> params{Value(n)};
        const int before = relay.client_turns();
        db::ResultSet last = connection->query_batch(
            {BatchQuery{&insert_sql, &params}, {&count_sql, &no_params}, {&third, &shout}},
            nothing);
        EXPECT_EQ(relay.client_turns() - before, 1) << "batch " << n;
        EXPECT_EQ(last.rows.at(0).at(0), "hey!");
    }
    // The same statements one by one take a round trip each: the relay counts what it should.
    const int before = relay.client_turns();
    connection->query(insert_sql, {Value(std::int64_t{4})});
    connection->query(count_sql);
    connection->query(third, shout);
    EXPECT_EQ(relay.client_turns() - before, 3);
    EXPECT_EQ(count_of("batched"), "4");
}

TEST_F(Batches, ThrowTheFirstErrorAtItsOwnOffsetAndKeepNothingOutsideATransaction) {
    auto connection = connect_to_empty_table();
    const std::string bad = "SELECT n, no_such_column FROM batched";
    for (int run = 0; run < 3; ++run) {  // unnamed, then prepared
        try {
            connection->query_batch(
                {BatchQuery{&insert_sql, &one}, {&bad, &no_params}, {&insert_sql, &two}}, nothing);
            FAIL() << "the batch should have failed";
        } catch (const DatabaseError& error) {
            EXPECT_EQ(error.code(), "42703") << error.what();
            ASSERT_TRUE(error.offset().has_value());
            EXPECT_EQ(*error.offset(), bad.find("no_such_column"));
        }
        // Neither the insert before the error nor the one after it stayed.
        EXPECT_EQ(count_of("batched"), "0");
        EXPECT_FALSE(connection->in_transaction());
        EXPECT_EQ(connection->query("SELECT 40 + 2").rows.at(0).at(0), "42");
    }
}

TEST_F(Batches, LeaveAFailedTransactionToTheCallersRollback) {
    auto connection = connect_to_empty_table();
    const std::string bad = "SELECT 1 / 0";
    connection->begin();
    connection->query(insert_sql, one);
    EXPECT_THROW(
        connection->query_batch({BatchQuery{&insert_sql, &one}, {&bad, &no_params}}, nothing),
        DatabaseError);
    EXPECT_TRUE(connection->in_transaction());
    EXPECT_THROW(connection->commit(), DatabaseError);  // rolled back, and said so
    EXPECT_EQ(count_of("batched"), "0");
    // Inside a transaction that goes on, the batch's work commits with it.
    connection->begin();
    connection->query_batch({BatchQuery{&insert_sql, &one}, {&count_sql, &no_params}}, nothing);
    EXPECT_EQ(count_of("batched"), "0");
    connection->commit();
    EXPECT_EQ(count_of("batched"), "1");
}

TEST_F(Batches, PrepareAfreshWhenThePreparedStatementsNoLongerFit) {
    // A column added behind a prepared SELECT *: the server refuses the stale plan, and the
    // driver cannot see it coming (unlike a DEALLOCATE, below).
    auto connection = connect_to_empty_table();
    const std::string first_row = "SELECT * FROM batched ORDER BY n LIMIT 1";
    const std::vector<BatchQuery> batch{{&insert_sql, &one}, {&first_row, &no_params}};
    connection->query_batch(batch, nothing);
    connection->query_batch(batch, nothing);  // both prepared now
    connection->execute_script("ALTER TABLE batched ADD COLUMN m int DEFAULT 7");
    // Outside a transaction the failed attempt left nothing, and one retry does the work once.
    EXPECT_EQ(connection->query_batch(batch, nothing).rows.at(0), (db::Row{"1", "7"}));
    EXPECT_EQ(count_of("batched"), "3");
    // Inside one, the transaction is aborted: the error is the caller's, the next batch works.
    connection->query_batch(batch, nothing);  // prepared again
    connection->begin();
    connection->execute_script("ALTER TABLE batched ADD COLUMN k int DEFAULT 8");
    try {
        connection->query_batch(batch, nothing);
        FAIL() << "the batch should have failed";
    } catch (const DatabaseError& error) {
        EXPECT_EQ(error.code(), "0A000") << error.what();
    }
    connection->rollback();
    EXPECT_EQ(connection->query_batch(batch, nothing).rows.at(0), (db::Row{"1", "7"}));
    EXPECT_EQ(count_of("batched"), "5");
}

TEST_F(Batches, PrepareAfreshAfterADeallocateInOrOutsideATransaction) {
    auto connection = connect_to_empty_table();
    const std::vector<BatchQuery> batch{{&insert_sql, &one}, {&count_sql, &no_params}};
    connection->query_batch(batch, nothing);
    connection->query_batch(batch, nothing);  // both prepared now
    connection->execute_script("DEALLOCATE ALL");
    EXPECT_EQ(connection->query_batch(batch, nothing).rows.at(0).at(0), "3");
    connection->begin();
    connection->execute_script("DEALLOCATE ALL");
    EXPECT_EQ(connection->query_batch(batch, AfterBatch::commit).rows.at(0).at(0), "4");
    EXPECT_EQ(count_of("batched"), "4");
}

TEST_F(Batches, CommitInTheSameRoundTripAfterTheStatements) {
    ConnectProxy relay("127.0.0.1:" + std::to_string(server_->port()));
    auto connection = connect_through(relay);
    connection->execute_script("CREATE TABLE batched (n int)");
    for (std::int64_t n = 1; n <= 3; ++n) {  // unnamed, then prepared
        const std::vector<Value> params{Value(n)};
        connection->begin();
        const int before = relay.client_turns();
        db::ResultSet last = connection->query_batch(
            {BatchQuery{&insert_sql, &params}, {&count_sql, &no_params}}, AfterBatch::commit);
        EXPECT_EQ(relay.client_turns() - before, 1) << "batch " << n;
        EXPECT_EQ(last.rows.at(0).at(0), std::to_string(n));  // the last statement's, not COMMIT's
        EXPECT_FALSE(connection->in_transaction());
        EXPECT_EQ(count_of("batched"), std::to_string(n));
    }
}

TEST_F(Batches, EndTheTransactionWhenAStatementOrTheCommitFails) {
    auto connection = connect();
    connection->execute_script(
        "CREATE TABLE parent (id int PRIMARY KEY);"
        "CREATE TABLE batched (n int REFERENCES parent DEFERRABLE INITIALLY DEFERRED);");
    const std::string bad = "SELECT 1 / 0";
    // A statement fails: the COMMIT after it never runs, and the transaction is rolled back.
    connection->execute_script("INSERT INTO parent VALUES (1)");
    connection->begin();
    connection->query(insert_sql, one);
    try {
        connection->query_batch({BatchQuery{&insert_sql, &one}, {&bad, &no_params}},
                                AfterBatch::commit);
        FAIL() << "the batch should have failed";
    } catch (const DatabaseError& error) {
        EXPECT_EQ(error.code(), "22012") << error.what();
    }
    EXPECT_FALSE(connection->in_transaction());
    EXPECT_EQ(count_of("batched"), "0");
    // The COMMIT fails (a deferred foreign key): the server ends the transaction itself.
    const std::vector<Value> orphan{Value(std::int64_t{2})};
    connection->begin();
    try {
        connection->query_batch({BatchQuery{&insert_sql, &orphan}}, AfterBatch::commit);
        FAIL() << "the commit should have failed";
    } catch (const DatabaseError& error) {
        EXPECT_EQ(error.code(), "23503") << error.what();
    }
    EXPECT_FALSE(connection->in_transaction());
    EXPECT_EQ(count_of("batched"), "0");
    // No transaction to commit: refused before anything runs.
    try {
        connection->query_batch({BatchQuery{&insert_sql, &one}}, AfterBatch::commit);
        FAIL() << "the batch should have been refused";
    } catch (const DatabaseError& error) {
        EXPECT_EQ(error.code(), "25P01") << error.what();
    }
    EXPECT_EQ(count_of("batched"), "0");
    EXPECT_EQ(connection->query("SELECT 'usable'").rows.at(0).at(0), "usable");
}

TEST_F(Batches, StopAtACancelledStatementAndRunNothingAfterIt) {
    auto connection = connect("batch_cancel");
    connection->execute_script("CREATE TABLE batched (n int)");
    const std::string sleep = "SELECT pg_sleep(60)";
    const std::vector<BatchQuery> batch{
        {&insert_sql, &one}, {&sleep, &no_params}, {&insert_sql, &two}};
    for (const AfterBatch after : {AfterBatch::nothing, AfterBatch::commit}) {
        if (after == AfterBatch::commit) {
            connection->begin();
        }
        std::thread canceller([&] {
            if (eventually(
                    [&] {
                        return psql(
                                   "SELECT count(*) FROM pg_stat_activity WHERE application_name "
                                   "= 'batch_cancel' AND state = 'active' AND query = '" +
                                   sleep + "'") != "0";
                    },
                    std::chrono::seconds(20))) {
                connection->cancel();
            }
        });
        std::optional<DatabaseError> error;
        try {
            connection->query_batch(batch, after);
        } catch (const DatabaseError& caught) {
            error = caught;
        }
        canceller.join();
        ASSERT_TRUE(error.has_value()) << "the batch was not cancelled";
        EXPECT_EQ(error->code(), "57014") << error->what();
        EXPECT_FALSE(connection->in_transaction());
        EXPECT_EQ(count_of("batched"), "0");
        EXPECT_EQ(connection->query("SELECT 'usable'").rows.at(0).at(0), "usable");
    }
}

TEST_F(Batches, KeepNoNameThatADeallocateInTheBatchDropped) {
    auto connection = connect();
    const std::string deallocate = "DEALLOCATE ALL";
    const std::string plus_one = "SELECT $1::int + 1";
    connection->query(plus_one, two);  // the second run below is prepared, after the DEALLOCATE
    EXPECT_EQ(connection->query_batch({{&deallocate, &no_params}, {&plus_one, &two}}, nothing)
                  .rows.at(0)
                  .at(0),
              "3");
    for (int run = 0; run < 3; ++run) {
        EXPECT_EQ(connection->query(plus_one, two).rows.at(0).at(0), "3");
    }
    connection->begin();
    EXPECT_EQ(connection->query(plus_one, two).rows.at(0).at(0), "3");
    connection->commit();
}

TEST_F(Batches, RefuseACopyBeforeAnythingRunsAndLeaveTheConnectionUsable) {
    // libpq's pipeline mode has no COPY: a COPY sent in one would lose the connection.
    auto connection = connect_to_empty_table();
    for (const std::string copy :
         {"COPY batched FROM STDIN", "-- rows\n/* a /* nested */ comment */ copy batched TO STDOUT",
          "\tCopy batched FROM '/dev/null'"}) {
        for (const AfterBatch after : {AfterBatch::nothing, AfterBatch::commit}) {
            if (after == AfterBatch::commit) {
                connection->begin();
            }
            try {
                connection->query_batch({{&insert_sql, &one}, {&copy, &no_params}}, after);
                FAIL() << "the batch should have been refused: " << copy;
            } catch (const DatabaseError& error) {
                EXPECT_EQ(error.code(), "0A000") << error.what();
                EXPECT_EQ(error.offset(), std::optional<std::size_t>(copy.find(" batched") - 4))
                    << copy;
            }
            EXPECT_FALSE(connection->in_transaction());
            EXPECT_EQ(count_of("batched"), "0");
            EXPECT_EQ(connection->query("SELECT 'usable'").rows.at(0).at(0), "usable");
        }
    }
    // A word that only starts like COPY is no COPY.
    connection->execute_script("CREATE FUNCTION copycat() RETURNS int LANGUAGE sql AS 'SELECT 1'");
    const std::string not_copy = "SELECT copycat()";
    EXPECT_EQ(connection->query_batch({{&insert_sql, &one}, {&not_copy, &no_params}}, nothing)
                  .rows.at(0)
                  .at(0),
              "1");
}

TEST_F(Batches, RunOneStatementOrNoneAsQueryWould) {
    auto connection = connect();
    EXPECT_TRUE(connection->query_batch({}, nothing).rows.empty());
    const std::string sql = "SELECT 6 * 7";
    EXPECT_EQ(connection->query_batch({BatchQuery{&sql, &no_params}}, nothing).rows.at(0).at(0),
              "42");
}

TEST_F(Batches, RefuseANulByteAndLeaveTheConnectionUsable) {
    auto connection = connect();
    const std::string fine = "SELECT 1";
    const std::string nul = std::string("SELECT 2;") + '\0' + "DROP TABLE x";
    try {
        connection->query_batch({BatchQuery{&fine, &no_params}, {&nul, &no_params}}, nothing);
        FAIL() << "the batch should have been refused";
    } catch (const DatabaseError& error) {
        EXPECT_EQ(error.code(), "22021");
        EXPECT_EQ(error.offset(), std::optional<std::size_t>(nul.find('\0')));
    }
    EXPECT_FALSE(connection->in_transaction());
    EXPECT_EQ(connection->query("SELECT 'still here'").rows.at(0).at(0), "still here");
}

}  // namespace
}  // namespace deckhand::test
