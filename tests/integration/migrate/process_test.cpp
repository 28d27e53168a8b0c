// The deckhand executable as a Kubernetes Job runs it: racing copies, kill -9 at any moment,
// SIGTERM mid-statement, an init container waiting, and the exit statuses and messages a user
// sees. Each test starts real processes against real databases.
#include "support/process.hpp"

#include <gmock/gmock.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "migrate_fixture.hpp"
#include "support/eventually.hpp"
#include "support/postgres_server.hpp"

namespace deckhand::test {
namespace {

// `text` with every "{n}" replaced by `n`.
std::string with_number(std::string text, const std::string& n) {
    for (auto at = text.find("{n}"); at != std::string::npos;
         at = text.find("{n}", at + n.size())) {
        text.replace(at, 3, n);
    }
    return text;
}

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

class ProcessTest : public MigrateTest {
  protected:
    // 150 (or `count`) scripts with a little work each.
    // Each script fills its table with a few thousand rows before indexing it, so that even an
    // optimised build on SQLite spends milliseconds per script: kills that follow the progress
    // (polled every 20 ms) then land inside the run rather than after it.
    void write_many(int count) const {
        static const std::string script =
            "CREATE TABLE t{n} (id integer PRIMARY KEY, v text);\n"
            "INSERT INTO t{n} VALUES (1, 'row {n}');\n"
            "INSERT INTO t{n} (id, v) WITH RECURSIVE c(x) AS (SELECT 2 UNION ALL SELECT x + 1 "
            "FROM c WHERE x < 4000) SELECT x, 'filler' FROM c;\n"
            "CREATE INDEX t{n}_v ON t{n} (v);\n";
        for (int i = 1; i <= count; ++i) {
            const std::string n = std::to_string(i);
            write(with_number("V{n}__step.sql", n), with_number(script, n));
        }
    }
    std::string history_summary(db::Connection& connection) {
        auto result = connection.query(
            "SELECT installed_rank, version, script, checksum, success FROM "
            "deckhand_schema_history ORDER BY 1");
        std::string out;
        for (const auto& row : result.rows) {
            for (const auto& field : row) {
                out += field.value_or("NULL") + "|";
            }
            out += "\n";
        }
        return out;
    }
};

TEST_P(ProcessTest, EightConcurrentProcessesApplyEachScriptExactlyOnceRoundAfterRound) {
    write("V1__runs.sql", "CREATE TABLE runs (script text);");
    for (int i = 2; i <= 40; ++i) {
        const std::string n = std::to_string(i);
        write(
            with_number("V{n}__step.sql", n),
            with_number("CREATE TABLE step_{n} (x integer);\nINSERT INTO runs VALUES ('{n}');", n));
    }
    for (int round = 0; round < 3; ++round) {
        const std::string url = new_database_url();
        std::vector<BackgroundProcess> runners;
        runners.reserve(8);
        for (int i = 0; i < 8; ++i) {
            runners.emplace_back(args(url, {"migrate"}));
        }
        for (auto& runner : runners) {
            auto result = runner.wait_for(60s);
            ASSERT_TRUE(result.has_value()) << "a runner hung";
            EXPECT_EQ(result->exit_code, 0) << result->err;
        }
        auto check = open_url(url);
        EXPECT_EQ(value(*check, "SELECT count(*) FROM runs"), "39") << "round " << round;
        EXPECT_EQ(value(*check, "SELECT count(DISTINCT script) FROM runs"), "39");
        EXPECT_EQ(value(*check, "SELECT count(*) FROM deckhand_schema_history"), "40");
        EXPECT_EQ(value(*check, "SELECT count(DISTINCT version) FROM deckhand_schema_history"),
                  "40");
    }
}

TEST_P(ProcessTest, KillNineAtRandomMomentsNeverCorruptsTheDatabaseOrLeavesTheLock) {
    write_many(150);
    // The reference: the same scripts in one uninterrupted run.
    const std::string reference_url = new_database_url();
    ASSERT_EQ(run_process(args(reference_url, {"migrate"})).exit_code, 0);
    auto reference = open_url(reference_url);

    // Each kill comes a random number of scripts into the run, plus a random fraction of a
    // script, so kills land inside transactions, between them, and while taking the lock.
    std::mt19937 random(20261124);
    std::uniform_int_distribution<int> scripts_ahead(3, 25);
    std::uniform_int_distribution<int> jitter_us(0, 8000);
    int killed_mid_run = 0;
    for (int attempt = 0; attempt < 6; ++attempt) {
        const int applied_before =
            table_exists("deckhand_schema_history")
                ? std::stoi(scalar("SELECT count(*) FROM deckhand_schema_history"))
                : 0;
        const int target = std::min(applied_before + scripts_ahead(random), 149);
        BackgroundProcess runner(args(url_text(), {"migrate"}));
        eventually(
            [&] {
                return runner.wait_for(0ms).has_value() ||
                       (table_exists("deckhand_schema_history") &&
                        std::stoi(scalar("SELECT count(*) FROM deckhand_schema_history")) >=
                            target);
            },
            30s);
        std::this_thread::sleep_for(std::chrono::microseconds(jitter_us(random)));
        runner.signal(SIGKILL);
        auto result = runner.wait_for(10s);
        ASSERT_TRUE(result.has_value());
        if (result->exit_code == 128 + SIGKILL) {
            ++killed_mid_run;
        }
        // The lock died with its holder: another session can take it at once (PostgreSQL may
        // need a moment to notice the closed connection).
        auto probe = connect();
        EXPECT_TRUE(eventually([&] { return probe->try_lock_migrations(); }, 5s))
            << "a stale lock was left";
        probe->unlock_migrations();
    }
    EXPECT_GE(killed_mid_run, 5) << "the kills came too late to test anything";
    auto finish = deckhand({"migrate", "--lock-timeout", "10s"});
    EXPECT_EQ(finish.exit_code, 0) << finish.err;
    EXPECT_EQ(dump(db(), false), dump(*reference, false));
    auto strip_times = [&](db::Connection& connection) { return history_summary(connection); };
    EXPECT_EQ(strip_times(db()), strip_times(*reference));
}

TEST_P(ProcessTest, SigtermCancelsTheRunningStatementRollsBackAndExits143) {
    write("V1__posts.sql", "CREATE TABLE posts (id integer);");
    ASSERT_EQ(deckhand({"migrate"}).exit_code, 0);
    const std::string before = dump();
    write("V2__slow.sql",
          on_postgres()
              ? "CREATE TABLE doomed (x integer);\nSELECT pg_sleep(60);\n"
              : "CREATE TABLE doomed (x integer);\nWITH RECURSIVE c(x) AS (SELECT 1 UNION "
                "ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;\n");
    BackgroundProcess runner(args(url_text(), {"migrate"}));
    if (on_postgres()) {
        ASSERT_TRUE(eventually([&] {
            return scalar(
                       "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT "
                       "pg_sleep(60)%'") == "1";
        })) << runner.err();
    } else {
        std::this_thread::sleep_for(700ms);
    }
    const auto signalled = Clock::now();
    runner.signal(SIGTERM);
    auto result = runner.wait_for(10s);
    ASSERT_TRUE(result.has_value());
    EXPECT_LT(Clock::now() - signalled, 5s);
    EXPECT_EQ(result->exit_code, 143) << result->err;
    EXPECT_THAT(result->err, HasSubstr("cancelled by SIGTERM"));
    if (on_postgres()) {
        // Cancelled on the server, not merely abandoned by the client.
        EXPECT_EQ(scalar("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT "
                         "pg_sleep(60)%' AND state = "
                         "'active'"),
                  "0");
    }
    EXPECT_EQ(dump(), before);
    auto probe = connect();
    EXPECT_TRUE(probe->try_lock_migrations());
    probe->unlock_migrations();
}

TEST_P(ProcessTest, ACreateIndexConcurrentlyScriptFinishesWhileASecondRunnerWaits) {
    write("V1__big.sql",
          on_postgres()
              ? "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS v FROM "
                "generate_series(1, 50000) g;"
              : "CREATE TABLE big (id integer, v text);\nWITH RECURSIVE g(n) AS (SELECT 1 "
                "UNION ALL SELECT n + 1 FROM g WHERE n < 50000) INSERT INTO big SELECT n, "
                "hex(n) FROM g;");
    write_for_dialect("V2__index.sql",
                      on_postgres()
                          ? "-- deckhand:no-transaction\nSELECT pg_sleep(1);\n"
                            "CREATE INDEX CONCURRENTLY big_v ON big (v);\n"
                          : "-- deckhand:no-transaction\nCREATE INDEX big_v ON big (v);\n");
    ASSERT_EQ(deckhand({"migrate", "--target", "1"}).exit_code, 0);
    BackgroundProcess first(args(url_text(), {"migrate"}));
    if (on_postgres()) {
        ASSERT_TRUE(eventually([&] {
            return scalar(
                       "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT "
                       "pg_sleep(1)%'") == "1";
        }));
    }
    BackgroundProcess second(args(url_text(), {"migrate"}));
    auto first_result = first.wait_for(30s);
    auto second_result = second.wait_for(30s);
    ASSERT_TRUE(first_result.has_value() && second_result.has_value())
        << "deadlock: a runner is stuck";
    EXPECT_EQ(first_result->exit_code, 0) << first_result->err;
    EXPECT_EQ(second_result->exit_code, 0) << second_result->err;
    EXPECT_EQ(scalar("SELECT count(*) FROM deckhand_schema_history"), "2");
    if (on_postgres()) {
        EXPECT_EQ(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_v'::regclass"),
                  "t");
    }
}

TEST_P(ProcessTest, StatusWaitReturnsOnceAnotherProcessHasMigrated) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    write("post/V2__b.sql", "CREATE TABLE b (x integer);");
    BackgroundProcess waiter(args(url_text(), {"status", "--wait", "--timeout", "30s"}));
    std::this_thread::sleep_for(500ms);
    EXPECT_FALSE(waiter.wait_for(0ms).has_value())
        << "status --wait returned before the migration ran";
    ASSERT_EQ(deckhand({"migrate"}).exit_code, 0);
    auto result = waiter.wait_for(10s);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->exit_code, 0) << result->err;  // the post script does not matter to phase pre
    EXPECT_THAT(result->out, HasSubstr("up to date for phase pre"));
}

TEST_P(ProcessTest, ReportsErrorsWithFileLineAndExitStatus) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    write("V2__broken.sql", "CREATE TABLE b (x integer);\n\nINSERT INTO missing VALUES (1);\n");
    auto failed = deckhand({"migrate"});
    EXPECT_EQ(failed.exit_code, 1);
    // One sentence on stderr, after the progress lines, naming file and line.
    EXPECT_THAT(
        failed.err,
        HasSubstr("\ndeckhand: " + (migrations_dir() / "V2__broken.sql").string() + ":3: "));
    EXPECT_THAT(failed.err, HasSubstr("applied V1__a.sql in "));

    auto pending = deckhand({"status", "--fail-on-pending"});
    EXPECT_EQ(pending.exit_code, 1);
    EXPECT_THAT(pending.err,
                HasSubstr("1 migration is outstanding for phase pre: V2__broken.sql (pending)"));

    auto timeout = deckhand({"status", "--wait", "--timeout", "500ms"});
    EXPECT_EQ(timeout.exit_code, 3);
    EXPECT_THAT(timeout.err, HasSubstr("gave up waiting for the phase pre migrations after 500ms"));

    EXPECT_EQ(deckhand({"migrate", "--phase", "later"}).exit_code, 2);
    EXPECT_EQ(deckhand({"migrate", "--set", "no-equals-sign"}).exit_code, 2);

    write("V2__broken.sql", "CREATE TABLE b (x integer);\n");
    EXPECT_EQ(deckhand({"migrate"}).exit_code, 0);
    write("V1__a.sql", "CREATE TABLE a (x bigint);");
    auto invalid = deckhand({"validate"});
    EXPECT_EQ(invalid.exit_code, 1);
    EXPECT_THAT(invalid.err, HasSubstr("V1__a.sql was changed after it was applied"));
    EXPECT_EQ(deckhand({"repair"}).exit_code, 0);
    EXPECT_EQ(deckhand({"validate"}).exit_code, 0);
}

TEST_P(ProcessTest, PrintsStatusAsJsonAndTakesPlaceholdersFromFlagsAndEnvironment) {
    write("V1__a.sql", "CREATE TABLE ${table} (x integer DEFAULT ${start});");
    ProcessOptions env;
    env.set_env["DECKHAND_PLACEHOLDER_START"] = "7";
    auto applied = run_process(args(url_text(), {"migrate", "--set", "table=from_flag"}), env);
    EXPECT_EQ(applied.exit_code, 0) << applied.err;
    EXPECT_TRUE(table_exists("from_flag"));

    auto status = deckhand({"status", "--output", "json"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    auto json = nlohmann::json::parse(status.out);
    EXPECT_EQ(json["current"], true);
    EXPECT_EQ(json["migrations"][0]["state"], "applied");
}

TEST_P(ProcessTest, BaselineAdoptsAnExistingDatabase) {
    db().execute_script("CREATE TABLE legacy (x integer);");
    write("V1__legacy.sql", "CREATE TABLE legacy (x integer);");
    write("V2__next.sql", "CREATE TABLE next_one (x integer);");
    auto baseline = deckhand({"baseline", "--version", "1"});
    EXPECT_EQ(baseline.exit_code, 0) << baseline.err;
    EXPECT_EQ(deckhand({"migrate"}).exit_code, 0);
    EXPECT_TRUE(table_exists("next_one"));
    EXPECT_EQ(deckhand({"baseline", "--version", "1"}).exit_code, 1);
}

// A dbmate user points deckhand at the folder unchanged: only up sections run, status lists
// what it found, and a broken folder is reported whole, exit 2, before anything runs.
TEST_P(ProcessTest, RunsADbmateFolderAndReportsEveryProblemOfABrokenOne) {
    write("20230101000000_users.sql",
          "-- migrate:up\nCREATE TABLE users (id integer);\n-- migrate:down\nDROP TABLE users;\n");
    write("20230102000000_vacuum.sql", "-- migrate:up\nVACUUM;\n-- migrate:down\n");
    write("20230103000000_empty.sql", "-- migrate:up\n-- migrate:down\n");
    auto migrated = deckhand({"migrate"});
    ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
    EXPECT_THAT(migrated.err, HasSubstr("applied 20230102000000_vacuum.sql in "));
    EXPECT_THAT(migrated.err,
                HasSubstr("outside a transaction (VACUUM (line 2) cannot run in one)"));
    EXPECT_TRUE(table_exists("users"));

    auto status = deckhand({"status", "--output", "json"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    auto json = nlohmann::json::parse(status.out);
    EXPECT_EQ(json["current"], true);
    ASSERT_EQ(json["migrations"].size(), 3u);
    EXPECT_EQ(json["migrations"][0]["kind"], "versioned");
    EXPECT_EQ(json["migrations"][0]["version"], "20230101000000");
    EXPECT_EQ(json["migrations"][0]["transaction"], true);
    EXPECT_EQ(json["migrations"][1]["transaction"], false);
    auto table = deckhand({"status"});
    EXPECT_THAT(table.out, HasSubstr("SQL, no transaction"));

    write("V1__flyway.sql", "SELECT 1;");
    write("20230104000000_no_up.sql", "CREATE TABLE t (x integer);\n");
    write("x-notes.sql", "SELECT 1;");
    auto broken = deckhand({"migrate"});
    EXPECT_EQ(broken.exit_code, 2);
    EXPECT_THAT(broken.err, HasSubstr("deckhand: the migrations folder " +
                                      migrations_dir().generic_string() + " has 3 problems"));
    EXPECT_THAT(broken.err, HasSubstr("\n  " + (migrations_dir() / "x-notes.sql").generic_string() +
                                      ": the name starts with neither V nor R__"));
    EXPECT_THAT(broken.err,
                HasSubstr("the dbmate way; a migrations folder follows one convention"));
    EXPECT_THAT(broken.err, HasSubstr("20230104000000_no_up.sql: a dbmate migration starts"));
}

DECKHAND_ON_BOTH_DIALECTS(ProcessTest);

}  // namespace
}  // namespace deckhand::test
