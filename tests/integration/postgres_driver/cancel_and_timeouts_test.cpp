// Cancelling the running statement from another thread, and the session's statement and lock
// timeouts.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "deckhand/db/errors.hpp"
#include "driver_test.hpp"

namespace deckhand::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class Cancel : public PostgresDriverTest {
  protected:
    bool sleeping(const std::string& application_name) {
        return psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" +
                    application_name + "' AND state = 'active' AND query LIKE '%pg_sleep%'") != "0";
    }

    // Runs `statement` on `connection` and cancels it from another thread once the server shows
    // it running; returns the error and how long after cancel() the call returned.
    std::pair<db::DatabaseError, std::chrono::milliseconds> cancel_while_running(
        db::Connection& connection, const std::string& application_name, bool as_script) {
        std::atomic<Clock::time_point> cancelled_at{Clock::time_point::max()};
        std::thread canceller([&] {
            if (!eventually([&] { return sleeping(application_name); }, 20s)) {
                return;
            }
            cancelled_at = Clock::now();
            connection.cancel();
        });
        std::optional<db::DatabaseError> error;
        try {
            if (as_script) {
                connection.execute_script("SELECT 1; SELECT pg_sleep(60);");
            } else {
                connection.query("SELECT pg_sleep($1)", {db::Value(std::int64_t{60})});
            }
        } catch (const db::DatabaseError& caught) {
            error = caught;
        }
        auto returned_at = Clock::now();
        canceller.join();
        if (!error) {
            ADD_FAILURE() << "the statement was not cancelled";
            return {db::DatabaseError("none"), 0ms};
        }
        return {*error, std::chrono::duration_cast<std::chrono::milliseconds>(returned_at -
                                                                              cancelled_at.load())};
    }
};

class Timeouts : public PostgresDriverTest {};

TEST_F(Cancel, StopsARunningQueryFromAnotherThreadWithinTwoSeconds) {
    auto connection = connect("sleeper");
    auto [error, latency] = cancel_while_running(*connection, "sleeper", false);
    EXPECT_EQ(error.code(), "57014") << error.what();
    EXPECT_LT(latency, 2s);
    EXPECT_FALSE(sleeping("sleeper"));
    EXPECT_EQ(psql("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE "
                   "'%pg_sleep(%' "
                   "AND pid <> pg_backend_pid()"),
              "0");
    // The connection goes on working after the cancelled statement.
    EXPECT_EQ(connection->query("SELECT 2").rows.at(0).at(0), "2");
}

TEST_F(Cancel, StopsARunningScriptAndRollsBackItsTransaction) {
    auto connection = connect("script-sleeper");
    connection->begin();
    connection->execute_script("CREATE TABLE doomed (id int)");
    auto [error, latency] = cancel_while_running(*connection, "script-sleeper", true);
    EXPECT_EQ(error.code(), "57014") << error.what();
    EXPECT_LT(latency, 2s);
    EXPECT_TRUE(connection->in_transaction());
    connection->rollback();
    EXPECT_EQ(psql("SELECT count(*) FROM pg_class WHERE relname = 'doomed'"), "0");
}

TEST_F(Cancel, DoesNothingWhenNoStatementRuns) {
    auto connection = connect();
    connection->cancel();
    connection->cancel();
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(connection->query("SELECT 3").rows.at(0).at(0), "3");
}

TEST_F(Cancel, IsHarmlessOnAConnectionWhoseBackendIsGone) {
    auto connection = connect("cancel-after-end");
    psql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
        "'cancel-after-end'");
    connection->cancel();
    EXPECT_THROW(connection->query("SELECT 1"), db::DatabaseError);
    connection->cancel();
}

TEST_F(Cancel, MayBeCalledOverAndOverWhileStatementsComeAndGo) {
    auto connection = connect();
    std::atomic<bool> stop{false};
    // Cancel requests land before, during and after statements: each statement either
    // completes or fails as cancelled, and the connection stays usable and closes promptly.
    std::thread canceller([&] {
        while (!stop) {
            connection->cancel();
        }
    });
    for (int i = 0; i < 20; ++i) {
        try {
            connection->query("SELECT pg_sleep(0.01)");
        } catch (const db::DatabaseError& error) {
            EXPECT_EQ(error.code(), "57014");
        }
    }
    stop = true;
    canceller.join();
    // A request still in flight may cancel one more statement; the next one runs.
    for (int i = 0; i < 2; ++i) {
        try {
            EXPECT_EQ(connection->query("SELECT 5").rows.at(0).at(0), "5");
            break;
        } catch (const db::DatabaseError& error) {
            EXPECT_EQ(error.code(), "57014");
        }
    }
    auto started = Clock::now();
    connection.reset();
    EXPECT_LT(Clock::now() - started, 2s);
}

TEST_F(Timeouts, StatementTimeoutStopsALongStatement) {
    auto connection = connect();
    connection->set_statement_timeout(200ms);
    auto started = Clock::now();
    try {
        connection->query("SELECT pg_sleep(5)");
        FAIL() << "the statement should have timed out";
    } catch (const db::DatabaseError& error) {
        EXPECT_EQ(error.code(), "57014");
        EXPECT_NE(std::string(error.what()).find("statement timeout"), std::string::npos)
            << error.what();
    }
    EXPECT_LT(Clock::now() - started, 3s);
    EXPECT_EQ(connection->query("SHOW statement_timeout").rows.at(0).at(0), "200ms");
    connection->set_statement_timeout(0ms);
    EXPECT_NO_THROW(connection->query("SELECT pg_sleep(0.3)"));
}

TEST_F(Timeouts, LockTimeoutBoundsTheWaitForATableLock) {
    auto blocker = connect();
    auto migrator = connect();
    blocker->execute_script("CREATE TABLE busy (id int)");
    blocker->begin();
    blocker->execute_script("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
    migrator->set_lock_timeout(200ms);
    try {
        migrator->execute_script("ALTER TABLE busy ADD COLUMN extra int");
        FAIL() << "the DDL should have given up waiting for the lock";
    } catch (const db::DatabaseError& error) {
        EXPECT_EQ(error.code(), "55P03");
    }
    blocker->rollback();
    EXPECT_NO_THROW(migrator->execute_script("ALTER TABLE busy ADD COLUMN extra int"));
}

}  // namespace
}  // namespace deckhand::test
