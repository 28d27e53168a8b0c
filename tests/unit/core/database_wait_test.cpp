// --wait-for-database: where its value comes from, the jittered pauses, and the retry loop that
// waits only for what can heal, reports its progress, gives up with exit 3 and yields to SIGTERM.
#include "wait/database_wait.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <set>
#include <sstream>
#include <thread>

#include "cli/global_options.hpp"
#include "deckhand/backoff.hpp"
#include "deckhand/db/errors.hpp"
#include "deckhand/errors.hpp"

namespace deckhand {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

cli::GivenGlobals flag(const std::string& value) {
    cli::GivenGlobals out;
    out["wait-for-database"].push_back({value, "--wait-for-database"});
    return out;
}

TEST(WaitForDatabaseOption, IsZeroOutsideKubernetesAndAMinuteInside) {
    EXPECT_EQ(cli::resolve_config({}, {}, {}).wait_for_database, 0ms);
    EXPECT_EQ(
        cli::resolve_config({}, {}, {{"KUBERNETES_SERVICE_HOST", "10.0.0.1"}}).wait_for_database,
        60s);
}

TEST(WaitForDatabaseOption, FlagBeatsVariableBeatsTheKubernetesDefault) {
    std::map<std::string, std::string> env{{"KUBERNETES_SERVICE_HOST", "10.0.0.1"},
                                           {"DECKHAND_WAIT_FOR_DATABASE", "2m"}};
    EXPECT_EQ(cli::resolve_config({}, {}, env).wait_for_database, 120s);
    EXPECT_EQ(cli::resolve_config(flag("0"), {}, env).wait_for_database, 0ms);
    EXPECT_EQ(cli::resolve_config(flag("1m30s"), {}, {}).wait_for_database, 90s);
}

TEST(WaitForDatabaseOption, ANonDurationIsAUsageErrorNamingWhereItCameFrom) {
    try {
        cli::resolve_config({}, {}, {{"DECKHAND_WAIT_FOR_DATABASE", "soon"}});
        FAIL() << "'soon' was taken for a duration";
    } catch (const UsageError& error) {
        EXPECT_STREQ(error.what(),
                     "DECKHAND_WAIT_FOR_DATABASE expects a duration such as 90s, 5m, 1h30m or "
                     "250ms, not 'soon'");
    }
}

TEST(Backoff, PausesGrowToTheCapEachInTheUpperHalfOfItsStep) {
    Backoff backoff(200ms, 2000ms);
    const milliseconds steps[] = {200ms, 400ms, 800ms, 1600ms, 2000ms, 2000ms, 2000ms};
    for (milliseconds step : steps) {
        const milliseconds pause = backoff.next();
        EXPECT_GE(pause, step / 2);
        EXPECT_LE(pause, step);
    }
}

TEST(Backoff, TwoWaitersStartedTogetherDoNotPauseInStep) {
    std::set<long long> pauses;
    for (int i = 0; i < 20; ++i) {
        Backoff backoff(2000ms, 2000ms);
        pauses.insert(backoff.next().count());
    }
    // 20 draws from 1001 values: all alike only if the seeds were.
    EXPECT_GT(pauses.size(), 10U);
}

// The loop under test, with an attempt that fails as it is told and a log to read.
class ConnectPatiently : public ::testing::Test {
  protected:
    ConnectPatiently() : log_("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_text_)) {
        log_.set_level(spdlog::level::debug);
        log_.set_pattern("%l %v");
    }

    std::unique_ptr<db::Connection> run(milliseconds patience, int transient_failures,
                                        bool then_permanent = false) {
        return wait::connect_patiently(
            [&, transient_failures, then_permanent](milliseconds connect_timeout) {
                ++attempts_;
                timeouts_.push_back(connect_timeout);
                if (attempts_ <= transient_failures) {
                    throw db::TransientConnectionError(
                        "cannot connect to postgres://app:***@db/app: Connection refused",
                        "Connection refused");
                }
                if (then_permanent) {
                    throw db::ConnectionError(
                        "cannot connect to postgres://app:***@db/app: password authentication "
                        "failed for user \"app\"");
                }
                return std::unique_ptr<db::Connection>();
            },
            "postgres://app:***@db/app", patience, cancellation_, log_);
    }

    Cancellation cancellation_;
    std::ostringstream log_text_;
    spdlog::logger log_;
    int attempts_ = 0;
    std::vector<milliseconds> timeouts_;
};

TEST_F(ConnectPatiently, RetriesWhatCanHealWithAProgressLineUntilItConnects) {
    EXPECT_NO_THROW(run(30s, 3));
    EXPECT_EQ(attempts_, 4);
    EXPECT_NE(log_text_.str().find("info waiting for the database at postgres://app:***@db/app: "
                                   "Connection refused; retrying for up to 30s"),
              std::string::npos)
        << log_text_.str();
    // Each attempt's connect timeout: the driver's default, within what is left of the wait.
    for (milliseconds timeout : timeouts_) {
        EXPECT_EQ(timeout, 10s);
    }
}

TEST_F(ConnectPatiently, FailsAtOnceOnWhatCannotHeal) {
    const auto started = Clock::now();
    try {
        run(30s, 1, true);
        FAIL() << "connected";
    } catch (const db::ConnectionError& error) {
        EXPECT_FALSE(error.transient());
        EXPECT_NE(std::string(error.what()).find("password authentication failed"),
                  std::string::npos);
    }
    EXPECT_EQ(attempts_, 2);
    EXPECT_LT(Clock::now() - started, 5s);
}

TEST_F(ConnectPatiently, GivesUpWithExitThreeNamingTheReasonWhenThePatienceRunsOut) {
    try {
        run(700ms, 1000);
        FAIL() << "connected";
    } catch (const TimedOut& error) {
        EXPECT_EQ(error.exit_status(), 3);
        const std::string message = error.what();
        EXPECT_EQ(message.rfind("gave up waiting for the database at postgres://app:***@db/app "
                                "after 700ms (",
                                0),
                  0U)
            << message;
        EXPECT_NE(message.find(" attempts): Connection refused"), std::string::npos) << message;
    }
    EXPECT_GT(attempts_, 1);
    for (milliseconds timeout : timeouts_) {
        EXPECT_EQ(timeout, 1s);  // never more than is left, never below libpq's unit
    }
}

TEST_F(ConnectPatiently, WithoutPatienceTheFirstFailureIsThrownAsItCame) {
    EXPECT_THROW(run(0ms, 1), db::TransientConnectionError);
    EXPECT_EQ(attempts_, 1);
}

TEST_F(ConnectPatiently, CancellationEndsTheWaitAtOnce) {
    std::thread signaller([this] {
        std::this_thread::sleep_for(300ms);
        cancellation_.request(SIGTERM);
    });
    const auto started = Clock::now();
    try {
        run(60s, 1'000'000);
        ADD_FAILURE() << "connected";
    } catch (const Cancelled& error) {
        EXPECT_EQ(error.exit_status(), 143);
    }
    signaller.join();
    EXPECT_LT(Clock::now() - started, 5s);
}

}  // namespace
}  // namespace deckhand
