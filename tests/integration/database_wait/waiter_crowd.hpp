// A crowd of init containers: many `deckhand status --wait` processes against one database,
// the migration run while they wait, and what the server saw meanwhile (connections held, sampled
// from pg_stat_activity) and how soon each waiter returned after the migration finished. Used
// by the test of issue 10.15 and by bench/wait.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace deckhand::test {

struct CrowdOptions {
    std::filesystem::path waiter_binary;   // the deckhand whose status --wait is measured
    std::filesystem::path migrate_binary;  // the deckhand that runs the migration
    std::string url;                       // the database; the sampler connects here too
    std::filesystem::path migrations_dir;  // holds at least one pending migration
    int waiters = 200;
    std::chrono::milliseconds waiting{4000};  // how long the crowd waits before the migration
};

struct CrowdReport {
    int waiters = 0;
    std::chrono::milliseconds start_spread{0};  // from the first waiter's start to the last's
    int samples = 0;
    int most_connections = 0;          // client connections at once, any sample of the run
    int most_connections_waiting = 0;  // the same, once every waiter has started
    double mean_connections_waiting = 0;
    int waiters_ok = 0;                 // exited 0
    std::vector<std::string> failures;  // exit status and stderr of the others
    std::chrono::milliseconds migration_took{0};
    // From the moment the migrating process exited to each waiter's exit, sorted; a waiter that
    // saw the committed migration before that moment counts as 0.
    std::vector<std::chrono::milliseconds> release_latencies;
};

// Runs the crowd: starts the waiters, samples the server's connections every few milliseconds,
// runs `migrate` after `waiting`, and waits up to a minute for every waiter. Every process it
// started is ended and reaped before it returns, also when it throws.
CrowdReport run_waiter_crowd(const CrowdOptions& options);

}  // namespace deckhand::test
