// Signals, timeouts and the lock: a cancelled or timed-out run leaves the database as it was
// and the lock free.
#include <gmock/gmock.h>

#include <csignal>
#include <thread>

#include "deckhand/db/errors.hpp"
#include "deckhand/errors.hpp"
#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

class CancellationTest : public MigrateTest {
  protected:
    void SetUp() override {
        MigrateTest::SetUp();
        write("V1__posts.sql", "CREATE TABLE posts (id integer);");
        run_migrate();
        before_ = dump();
    }
    // A statement that runs until it is stopped.
    std::string endless_statement() const {
        return on_postgres() ? "SELECT pg_sleep(60);"
                             : "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                               "SELECT count(*) FROM c;";
    }
    std::string before_;
};

TEST_P(CancellationTest, ASignalCancelsTheRunningStatementRollsBackAndReleasesTheLock) {
    write("V2__slow.sql", "CREATE TABLE doomed (x integer);\n" + endless_statement() + "\n");
    // What the host does for every connection it opens: a signal cancels its statement.
    auto registration = cancellation_.on_cancel([this] { db().cancel(); });
    std::thread signaller([this] {
        std::this_thread::sleep_for(500ms);
        cancellation_.request(SIGTERM);
    });
    const auto started = Clock::now();
    int exit_status = 0;
    auto message = error_of([&] { run_migrate(); }, &exit_status);
    signaller.join();
    EXPECT_LT(Clock::now() - started, 5s);
    EXPECT_EQ(exit_status, 143);
    EXPECT_THAT(message, HasSubstr("SIGTERM"));
    EXPECT_EQ(dump(), before_);
    auto other = connect();
    EXPECT_TRUE(other->try_lock_migrations());
    other->unlock_migrations();
    if (on_postgres()) {
        EXPECT_EQ(
            scalar("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%'"),
            "0");
    }
}

TEST_P(CancellationTest, ASignalInANoTransactionScriptSaysWhatTookEffectAndThatRepairClearsIt) {
    write("V2__slow.sql", "-- deckhand:no-transaction\nCREATE TABLE kept (x integer);\n" +
                              endless_statement() + "\n");
    auto registration = cancellation_.on_cancel([this] { db().cancel(); });
    std::thread signaller([this] {
        std::this_thread::sleep_for(500ms);
        cancellation_.request(SIGTERM);
    });
    int exit_status = 0;
    auto message = error_of([&] { run_migrate(); }, &exit_status);
    signaller.join();
    EXPECT_EQ(exit_status, 143);
    EXPECT_THAT(message, HasSubstr("cancelled by SIGTERM; "));
    EXPECT_THAT(message, HasSubstr("V2__slow.sql runs outside a transaction, and 1 of its 2 "
                                   "statements (line 2) took effect, so it is recorded as failed "
                                   "until `deckhand repair`"));
    EXPECT_THAT(message, HasSubstr("the statement at line 3 was stopped"));
    EXPECT_THAT(message, ::testing::Not(HasSubstr("rolled back")));
    EXPECT_TRUE(table_exists("kept"));
    EXPECT_EQ(status_of_version("2"), migrate::MigrationState::failed);
}

TEST_P(CancellationTest, ASignalWhileWaitingForTheLockEndsTheWait) {
    write("V2__more.sql", "CREATE TABLE more (x integer);");
    auto holder = connect();
    ASSERT_TRUE(holder->try_lock_migrations());
    std::thread signaller([this] {
        std::this_thread::sleep_for(300ms);
        cancellation_.request(SIGINT);
    });
    int exit_status = 0;
    error_of([&] { run_migrate(); }, &exit_status);
    signaller.join();
    EXPECT_EQ(exit_status, 130);
    EXPECT_EQ(dump(), before_);
}

TEST_P(CancellationTest, GivesUpWaitingForTheLockAfterTheLockTimeout) {
    write("V2__more.sql", "CREATE TABLE more (x integer);");
    auto holder = connect();
    ASSERT_TRUE(holder->try_lock_migrations());
    migrate::MigrateOptions options;
    options.lock_wait_timeout = 400ms;
    const auto started = Clock::now();
    int exit_status = 0;
    auto message = error_of([&] { run_migrate(options); }, &exit_status);
    EXPECT_EQ(exit_status, 3);
    EXPECT_THAT(message, HasSubstr("gave up waiting for the migration lock after 400ms"));
    EXPECT_LT(Clock::now() - started, 3s);
    EXPECT_EQ(dump(), before_);
    holder->unlock_migrations();
    EXPECT_EQ(run_migrate(options).applied.size(), 1u);
}

TEST_P(CancellationTest, TheStatementTimeoutStopsALongStatementAndNamesItsLine) {
    write("V2__slow.sql", "CREATE TABLE doomed (x integer);\n\n" + endless_statement() + "\n");
    migrate::MigrateOptions options;
    options.statement_timeout = 300ms;
    const auto started = Clock::now();
    int exit_status = 0;
    auto message = error_of([&] { run_migrate(options); }, &exit_status);
    EXPECT_LT(Clock::now() - started, 5s);
    EXPECT_EQ(exit_status, 1);
    EXPECT_THAT(message, HasSubstr("V2__slow.sql:3: "));
    EXPECT_THAT(message, HasSubstr("timeout"));
    EXPECT_EQ(dump(), before_);
}

TEST_P(CancellationTest, TheDdlLockTimeoutKeepsAMigrationFromQueueingBehindTheApplication) {
    write("V2__alter.sql", "ALTER TABLE posts ADD COLUMN title text;");
    // The application holds a transaction on posts.
    auto application = connect();
    application->begin();
    application->query("INSERT INTO posts VALUES (1)");
    migrate::MigrateOptions options;
    options.ddl_lock_timeout = 300ms;
    const auto started = Clock::now();
    int exit_status = 0;
    auto message = error_of([&] { run_migrate(options); }, &exit_status);
    EXPECT_LT(Clock::now() - started, 5s);
    EXPECT_EQ(exit_status, 1);
    EXPECT_THAT(message, HasSubstr("V2__alter.sql"));
    application->rollback();
    EXPECT_EQ(dump(), before_);
    EXPECT_EQ(run_migrate(options).applied.size(), 1u);
}

DECKHAND_ON_BOTH_DIALECTS(CancellationTest);

}  // namespace
}  // namespace deckhand::test
