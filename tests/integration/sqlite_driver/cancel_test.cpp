// Stopping statements: cancel() from another thread, and the statement timeout.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "deckhand/db/errors.hpp"
#include "sqlite_test_support.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Runs `work` on a thread, keeping what it threw. Cancels the connection and joins on
// destruction, so a failed assertion never leaves the thread running.
class Worker {
  public:
    Worker(db::Connection& connection, std::function<void()> work) : connection_(connection) {
        thread_ = std::thread([this, work = std::move(work)] {
            try {
                work();
                completed_ = true;
            } catch (const db::DatabaseError& error) {
                error_ = error;
            } catch (const std::exception& error) {
                other_error_ = error.what();
            }
        });
    }
    ~Worker() {
        if (thread_.joinable()) {
            connection_.cancel();
            thread_.join();
        }
    }
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void join() { thread_.join(); }
    bool completed() const { return completed_; }
    const std::optional<db::DatabaseError>& error() const { return error_; }
    const std::string& other_error() const { return other_error_; }

  private:
    db::Connection& connection_;
    std::thread thread_;
    bool completed_ = false;
    std::optional<db::DatabaseError> error_;
    std::string other_error_;
};

class SqliteCancel : public ::testing::Test {
  protected:
    TempDir dir_;
    TestSqlFunctions functions_;  // before the connection: it hooks connections as they open
    std::unique_ptr<db::Connection> connection_ = open_database(dir_ / "app.db");
};

TEST_F(SqliteCancel, CancelFromAnotherThreadStopsALongQueryWithinASecond) {
    connection_->set_statement_timeout(seconds(20));  // a broken cancel fails instead of hanging
    Worker worker(*connection_, [this] { connection_->query(endless_query); });
    ASSERT_TRUE(functions_.wait_for_start(seconds(10))) << "the query never started";
    const auto cancelled_at = Clock::now();
    connection_->cancel();
    worker.join();
    EXPECT_LT(Clock::now() - cancelled_at, seconds(1));
    EXPECT_FALSE(worker.completed());
    EXPECT_EQ(worker.other_error(), "");
    ASSERT_TRUE(worker.error().has_value());
    EXPECT_EQ(worker.error()->code(), "SQLITE_INTERRUPT");
    EXPECT_THAT(worker.error()->what(), HasSubstr("cancelled"));
    // The connection stays usable.
    EXPECT_EQ(single_value(*connection_, "SELECT 1 + 1"), "2");
}

TEST_F(SqliteCancel, CancellingAScriptInATransactionLeavesNothingAfterRollback) {
    const std::string script = "CREATE TABLE half_done(x);\nINSERT INTO half_done VALUES (1);\n" +
                               std::string(endless_query) + ";\nCREATE TABLE never(x);\n";
    connection_->set_statement_timeout(seconds(20));  // a broken cancel fails instead of hanging
    connection_->begin();
    Worker worker(*connection_, [&] { connection_->execute_script(script); });
    ASSERT_TRUE(functions_.wait_for_start(seconds(10)))
        << "the script never reached its long query";
    const auto cancelled_at = Clock::now();
    connection_->cancel();
    worker.join();
    EXPECT_LT(Clock::now() - cancelled_at, seconds(1));
    ASSERT_TRUE(worker.error().has_value());
    EXPECT_THAT(worker.error()->what(), HasSubstr("cancelled"));
    EXPECT_EQ(worker.error()->offset(), script.find("WITH RECURSIVE"));
    connection_->rollback();
    EXPECT_FALSE(connection_->in_transaction());
    EXPECT_EQ(
        single_value(*connection_,
                     "SELECT count(*) FROM sqlite_schema WHERE name IN ('half_done', 'never')"),
        "0");
}

TEST_F(SqliteCancel, CancelWhileNothingRunsDoesNotStopTheNextStatement) {
    connection_->cancel();
    connection_->cancel();
    EXPECT_EQ(single_value(*connection_, "SELECT count(*) FROM (SELECT 1 UNION SELECT 2)"), "2");
    connection_->execute_script("CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    EXPECT_EQ(single_value(*connection_, "SELECT x FROM t"), "1");
}

TEST_F(SqliteCancel, CancelIsSafeWhileAnotherThreadKeepsUsingTheConnection) {
    connection_->execute_script("CREATE TABLE t(x INTEGER)");
    std::atomic<bool> done{false};
    std::thread canceller([&] {
        while (!done.load()) {
            connection_->cancel();
        }
    });
    int interrupted = 0;
    for (int i = 0; i < 2000; ++i) {
        try {
            connection_->query("INSERT INTO t VALUES ($1)", {std::int64_t{i}});
            connection_->query("SELECT count(*) FROM t");
        } catch (const db::DatabaseError& error) {
            EXPECT_EQ(error.code(), "SQLITE_INTERRUPT") << error.what();
            ++interrupted;
        }
    }
    done = true;
    canceller.join();
    RecordProperty("interrupted", interrupted);
    EXPECT_EQ(single_value(*connection_, "SELECT 40 + 2"), "42");
}

TEST_F(SqliteCancel, TheStatementTimeoutStopsALongQuery) {
    connection_->set_statement_timeout(milliseconds(250));
    const auto started = Clock::now();
    try {
        connection_->query(endless_query);
        FAIL() << "the query outlived its timeout";
    } catch (const db::DatabaseError& error) {
        EXPECT_EQ(error.code(), "SQLITE_INTERRUPT");
        EXPECT_THAT(error.what(), HasSubstr("exceeded the statement timeout of 250ms"));
    }
    const auto took = Clock::now() - started;
    EXPECT_GE(took, milliseconds(250));
    EXPECT_LT(took, milliseconds(1250));
}

TEST_F(SqliteCancel, AZeroStatementTimeoutMeansNoBound) {
    connection_->set_statement_timeout(milliseconds(100));
    EXPECT_THROW(connection_->query(sleeping_query(200)), db::DatabaseError);
    connection_->set_statement_timeout(milliseconds(0));
    EXPECT_EQ(single_value(*connection_, sleeping_query(200)), "20000");
}

TEST_F(SqliteCancel, TheStatementTimeoutBoundsEachStatementOfAScriptNotTheWhole) {
    // Five statements of 300 ms each: together longer than the timeout, each well within it.
    std::string script;
    for (int i = 0; i < 5; ++i) {
        script += sleeping_query(300) + ";\n";
    }
    connection_->set_statement_timeout(milliseconds(1000));
    const auto started = Clock::now();
    EXPECT_NO_THROW(connection_->execute_script(script));
    EXPECT_GE(Clock::now() - started, milliseconds(1500));
}

}  // namespace
}  // namespace deckhand::test
