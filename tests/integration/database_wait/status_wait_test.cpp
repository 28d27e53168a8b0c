// status --wait, the init container's wait: it ends at once (exit 1, the server's sentence) on
// what waiting cannot heal, keeps waiting through what can, and holds no connection between its
// looks at the database.
#include <gmock/gmock.h>

#include <thread>

#include "deckhand/db/driver.hpp"
#include "deckhand/postgres/postgres_connection.hpp"
#include "support/postgres_server.hpp"
#include "wait_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

class StatusWait : public WaitTest {
  protected:
    // Runs status --wait against `url`; expects it to end at once with exit 1 saying `sentence`.
    void expect_ends_at_once(const std::string& url, const std::string& sentence) {
        const auto started = Clock::now();
        auto result = run(url, {"status", "--wait", "--timeout", "2m"});
        EXPECT_EQ(result.exit_code, 1) << shown(result);
        EXPECT_LT(Clock::now() - started, 20s) << "status --wait waited on: " << sentence;
        EXPECT_THAT(result.err, HasSubstr(sentence));
        EXPECT_THAT(result.err, ::testing::Not(HasSubstr("gave up waiting")));
    }
};

TEST_F(StatusWait, AWrongPasswordEndsTheWaitAtOnce) {
    expect_ends_at_once(url_with_password("not-the-password"),
                        "password authentication failed for user \"postgres\"");
}

TEST_F(StatusWait, AnUnknownDatabaseEndsTheWaitAtOnce) {
    expect_ends_at_once(url_with_password(shared_postgres().password(), "no_such_database"),
                        "database \"no_such_database\" does not exist");
}

TEST_F(StatusWait, ARoleThatMayNotLogInEndsTheWaitAtOnce) {
    const PostgresServer& server = shared_postgres();
    server.psql(
        "DROP ROLE IF EXISTS t_sw_nologin; CREATE ROLE t_sw_nologin NOLOGIN PASSWORD 'pw';");
    expect_ends_at_once(
        "postgres://t_sw_nologin:pw@127.0.0.1:" + std::to_string(server.port()) + "/postgres",
        "role \"t_sw_nologin\" is not permitted to log in");
}

TEST_F(StatusWait, SslRequiredButRefusedEndsTheWaitAtOnce) {
    expect_ends_at_once(shared_postgres().url() + "?sslmode=require",
                        "server does not support SSL, but SSL was required");
}

TEST_F(StatusWait, ARefusedConnectionIsWaitedForUntilTheTimeout) {
    const auto started = Clock::now();
    auto result = run(refused_url(), {"status", "--wait", "--timeout", "2s"});
    EXPECT_EQ(result.exit_code, 3) << shown(result);
    EXPECT_GE(Clock::now() - started, 2s);
    EXPECT_THAT(result.err, HasSubstr("gave up waiting for the phase pre migrations after 2s: the "
                                      "database cannot be reached: "));
    EXPECT_THAT(result.err, HasSubstr("Connection refused"));
}

TEST_F(StatusWait, AServerThatStartsLateIsWaitedForAndThenItsMigrations) {
    PostgresServer late(PostgresServer::StartAt::later);
    BackgroundProcess waiter = start(late.url(), {"status", "--wait", "--timeout", "2m"});
    std::this_thread::sleep_for(1s);
    late.start();
    std::this_thread::sleep_for(1s);
    ASSERT_FALSE(waiter.wait_for(0ms).has_value())
        << "status --wait returned before the migration: " << waiter.err();
    auto migrated = run(late.url(), {"migrate"});
    ASSERT_EQ(migrated.exit_code, 0) << shown(migrated);
    auto result = waiter.wait_for(30s);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->exit_code, 0) << shown(*result);
    EXPECT_THAT(result->out, HasSubstr("up to date for phase pre"));
}

TEST_F(StatusWait, HoldsNoConnectionBetweenItsLooks) {
    const PostgresServer& server = shared_postgres();
    const std::string url = server.create_database("t_sw_between_looks");
    auto observer = postgres::open_postgres(parse_database_url(url, "the observer"),
                                            db::ConnectOptions{.application_name = "observer"});
    BackgroundProcess waiter = start(url, {"status", "--wait", "--timeout", "2m"});
    // Three seconds of samples, after the waiter's first look.
    std::this_thread::sleep_for(1s);
    int samples = 0;
    int samples_without = 0;
    int most = 0;
    for (const auto until = Clock::now() + 3s; Clock::now() < until; ++samples) {
        const int now =
            std::stoi(observer
                          ->query("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                                  "'deckhand'")
                          .rows.at(0)
                          .at(0)
                          .value());
        most = std::max(most, now);
        samples_without += now == 0 ? 1 : 0;
        std::this_thread::sleep_for(10ms);
    }
    ASSERT_FALSE(waiter.wait_for(0ms).has_value()) << waiter.err();
    EXPECT_LE(most, 1);
    // A look takes milliseconds and the pauses last up to two seconds: nearly every sample finds
    // no connection at all.
    EXPECT_GT(samples_without, samples * 8 / 10)
        << samples_without << " of " << samples << " samples found no connection";
}

}  // namespace
}  // namespace deckhand::test
