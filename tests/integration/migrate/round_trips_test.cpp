// What a script costs in round trips to PostgreSQL, counted by a relay between the engine and the
// server: a script of one statement in a transaction is BEGIN, the statement, then the session
// restore, its history row and COMMIT together. A regression guard that no timing can give: the
// restore once cost every script a round trip of its own (bench/RESULTS.md, 4a0771f), and a
// timed test would have been too noisy to see it.
#include <gtest/gtest.h>

#include <string>

#include "migrate_fixture.hpp"
#include "support/connect_proxy.hpp"
#include "support/postgres_server.hpp"

namespace deckhand::test {
namespace {

class RoundTrips : public MigrateTest {
  protected:
    // The round trips of one migrate run, through a relay, of whatever the folder holds now.
    int round_trips_of_migrate() {
        ConnectProxy relay("127.0.0.1:" + std::to_string(shared_postgres().port()));
        auto connection = open_url(relay.relayed(url_text()));
        const int before = relay.client_turns();
        run_migrate(*connection, {});
        return relay.client_turns() - before;
    }
};

INSTANTIATE_TEST_SUITE_P(Postgres, RoundTrips, ::testing::Values(Backend::postgres), backend_name);

TEST_P(RoundTrips, AOneStatementScriptInATransactionCostsThree) {
    write_table_scripts(1, 1);
    round_trips_of_migrate();  // creates the history table: a cost of its own
    write_table_scripts(2, 4);
    const int three_scripts = round_trips_of_migrate();
    write_table_scripts(5, 10);
    const int six_scripts = round_trips_of_migrate();
    // The same fixed cost in both runs (lock, history read, session capture): the difference is
    // three scripts' worth.
    EXPECT_EQ(six_scripts - three_scripts, 3 * 3)
        << "three scripts: " << three_scripts << " round trips, six: " << six_scripts;
    EXPECT_EQ(history().size(), 10U);
}

}  // namespace
}  // namespace deckhand::test
