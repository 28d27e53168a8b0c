// A runner killed with SIGKILL in the middle of a long statement (an OOM kill, a Pod deleted
// with --force) must not keep the migration lock until that statement would have ended: its
// session is watched by the server (client_connection_check_interval), so the statement stops
// and the lock goes to the next runner within seconds.
#include <gmock/gmock.h>

#include <csignal>

#include "migrate_fixture.hpp"
#include "support/eventually.hpp"
#include "support/process.hpp"

namespace deckhand::test {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

class LockHolderKilled : public MigrateTest {
  protected:
    std::vector<std::string> migrate(std::vector<std::string> extra = {}) const {
        std::vector<std::string> argv{
            deckhand_binary().string(), "--database-url", url_text(), "--migrations",
            migrations_dir().string(),  "migrate"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return argv;
    }
};

TEST_P(LockHolderKilled, TheNextRunnerGetsTheLockWithinSecondsNotWhenTheStatementWouldEnd) {
    // The script sleeps as long as sleep_plan says: two minutes for the runner that gets killed,
    // nothing for the one that takes over.
    db().execute_script(
        "CREATE TABLE sleep_plan (seconds integer); INSERT INTO sleep_plan "
        "VALUES (120);");
    write("V1__slow.sql",
          "SELECT pg_sleep(seconds) FROM sleep_plan;\nCREATE TABLE slow_done (x integer);\n");
    auto sleeping = [&] {
        return scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query "
            "LIKE 'SELECT pg_sleep(seconds)%'");
    };

    BackgroundProcess first(migrate());
    ASSERT_TRUE(eventually([&] { return sleeping() == "1"; }, 20s))
        << "the first runner never slept";
    BackgroundProcess second(migrate({"--lock-timeout", "10m"}));
    ASSERT_TRUE(eventually([&] {
        return scalar(
                   "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                   "'deckhand' AND datname = current_database() AND pid <> pg_backend_pid()") ==
               "2";
    })) << "the second runner never connected";
    db().execute_script("UPDATE sleep_plan SET seconds = 0;");

    first.signal(SIGKILL);
    const auto killed = Clock::now();
    auto first_result = first.wait_for(10s);
    ASSERT_TRUE(first_result.has_value());
    EXPECT_EQ(first_result->exit_code, 128 + SIGKILL);

    // Generous against a loaded machine, and far below the 120 s the statement would have run.
    auto second_result = second.wait_for(15s);
    ASSERT_TRUE(second_result.has_value())
        << "the second runner still waits: the killed runner's statement kept the lock";
    const auto took = Clock::now() - killed;
    EXPECT_EQ(second_result->exit_code, 0) << second_result->err;
    EXPECT_LT(took, 15s);
    EXPECT_EQ(sleeping(), "0") << "the killed runner's statement still runs";
    EXPECT_EQ(scalar("SELECT count(*) FROM deckhand_schema_history WHERE success"), "1");
    EXPECT_TRUE(table_exists("slow_done"));
    std::cout << "[ measured ] the lock changed hands "
              << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
              << " ms after the SIGKILL\n";
}

// The lock and the watch on a vanished client are PostgreSQL's; SQLite's lock is a file lock
// that the kernel drops with the process.
INSTANTIATE_TEST_SUITE_P(Postgres, LockHolderKilled, ::testing::Values(Backend::postgres),
                         backend_name);

}  // namespace
}  // namespace deckhand::test
