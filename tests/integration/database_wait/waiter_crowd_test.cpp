// Two hundred init containers waiting with status --wait on one database (the suite's server, 50
// connection slots). Waiters that held their connection would take every slot (and turn the
// migration itself away); these must hold a handful at a time, and every one of them must
// return soon after the migration finishes: within the longest pause (5 s, when looks are
// slow) plus slack. The slack is wide because two hundred processes and the server share two
// cores here, where a backend start alone costs 30-90 ms of CPU; bench/wait/run.sh measures
// the same crowd and records the numbers in bench/RESULTS.md.
#include "waiter_crowd.hpp"

#include <gmock/gmock.h>

#include <iostream>

#include "support/postgres_server.hpp"
#include "wait_fixture.hpp"

namespace deckhand::test {
namespace {

using namespace std::chrono_literals;

class WaiterCrowd : public WaitTest {};

TEST_F(WaiterCrowd, TwoHundredWaitersHoldAHandfulOfConnectionsAndAllReturnPromptly) {
    CrowdOptions options;
    options.waiter_binary = deckhand_binary();
    options.migrate_binary = deckhand_binary();
    // Over the server's Unix socket (trusted, so no SCRAM): the clients and the server share
    // this test's two cores, and two hundred SCRAM handshakes every 1.5 s would measure the
    // machine's CPU rather than how the waiters use connections. bench/wait measures both.
    const PostgresServer& server = shared_postgres();
    server.create_database("t_waiter_crowd");
    options.url = "postgres://" + server.user() +
                  "@/t_waiter_crowd?host=" + server.socket_dir().string() +
                  "&port=" + std::to_string(server.port());
    options.migrations_dir = dir().path() / "migrations";
    options.waiters = 200;
    const CrowdReport report = run_waiter_crowd(options);

    std::cout
        << "[ measured ] " << report.waiters << " waiters started over "
        << report.start_spread.count() << " ms; connections at once: at most "
        << report.most_connections << " (" << report.most_connections_waiting
        << " once all had started, mean " << report.mean_connections_waiting << ", "
        << report.samples << " samples); release after the migration: "
        << (report.release_latencies.empty()
                ? std::string("none")
                : "median " +
                      std::to_string(
                          report.release_latencies[report.release_latencies.size() / 2].count()) +
                      " ms, max " + std::to_string(report.release_latencies.back().count()) + " ms")
        << "\n";
    for (const auto& failure : report.failures) {
        ADD_FAILURE() << failure;
    }
    EXPECT_EQ(report.waiters_ok, 200);
    EXPECT_GT(report.samples, 100) << "the sampler stopped early";
    // Each waiter is connected at most a twentieth of the time: about ten at once at worst.
    EXPECT_LE(report.mean_connections_waiting, 10.0);
    EXPECT_LE(report.most_connections, 25);
    ASSERT_FALSE(report.release_latencies.empty());
    EXPECT_LT(report.release_latencies.back(), 5s + 15s);
}

}  // namespace
}  // namespace deckhand::test
