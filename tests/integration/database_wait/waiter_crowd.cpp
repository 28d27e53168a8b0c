// The crowd: BackgroundProcess for every waiter (killed and reaped by its destructor, whatever
// happens), a sampler thread on a connection of its own, and the migration in between.
#include "waiter_crowd.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "deckhand/database_url.hpp"
#include "deckhand/db/driver.hpp"
#include "deckhand/postgres/postgres_connection.hpp"
#include "support/process.hpp"

namespace deckhand::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

milliseconds since(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration_cast<milliseconds>(to - from);
}

struct Sample {
    Clock::time_point at;
    int connections;
};

// Every client connection of the server but the sampler's own: what counts against
// max_connections, authenticating ones included.
class Sampler {
  public:
    explicit Sampler(const std::string& url)
        : connection_(postgres::open_postgres(parse_database_url(url, "the sampler"),
                                              db::ConnectOptions{.application_name = "sampler"})),
          thread_([this] { run(); }) {}
    ~Sampler() { stop(); }
    Sampler(const Sampler&) = delete;
    Sampler& operator=(const Sampler&) = delete;

    std::vector<Sample> stop() {
        stopping_ = true;
        if (thread_.joinable()) {
            thread_.join();
        }
        std::lock_guard lock(mutex_);
        return samples_;
    }

  private:
    void run() {
        while (!stopping_) {
            try {
                const auto rows = connection_->query(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                    "AND pid <> pg_backend_pid()");
                std::lock_guard lock(mutex_);
                samples_.push_back({Clock::now(), std::stoi(rows.rows.at(0).at(0).value())});
            } catch (const std::exception&) {
                return;  // the report then has fewer samples; the test says so
            }
            std::this_thread::sleep_for(5ms);
        }
    }

    std::unique_ptr<db::Connection> connection_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::vector<Sample> samples_;
    std::thread thread_;
};

}  // namespace

CrowdReport run_waiter_crowd(const CrowdOptions& options) {
    CrowdReport report;
    report.waiters = options.waiters;
    Sampler sampler(options.url);
    std::vector<BackgroundProcess> waiters;
    waiters.reserve(static_cast<std::size_t>(options.waiters));
    ProcessOptions quiet;
    quiet.working_dir = options.migrations_dir.parent_path();
    const auto first_started = Clock::now();
    for (int i = 0; i < options.waiters; ++i) {
        waiters.emplace_back(
            std::vector<std::string>{options.waiter_binary.string(), "--database-url", options.url,
                                     "--migrations", options.migrations_dir.string(), "status",
                                     "--wait", "--timeout", "5m"},
            quiet);
    }
    const auto all_started = Clock::now();
    report.start_spread = since(first_started, all_started);
    std::this_thread::sleep_for(options.waiting);

    const auto migration_started = Clock::now();
    auto migrated =
        run_process({options.migrate_binary.string(), "--database-url", options.url, "--migrations",
                     options.migrations_dir.string(), "--wait-for-database", "1m", "migrate"},
                    quiet);
    const auto migration_done = Clock::now();
    report.migration_took = since(migration_started, migration_done);
    if (migrated.exit_code != 0) {
        report.failures.push_back("migrate: exit " + std::to_string(migrated.exit_code) + ": " +
                                  migrated.err);
    }

    std::vector<std::optional<Clock::time_point>> ended(waiters.size());
    std::size_t left = waiters.size();
    for (const auto deadline = Clock::now() + 60s; left > 0 && Clock::now() < deadline;) {
        for (std::size_t i = 0; i < waiters.size(); ++i) {
            if (ended[i]) {
                continue;
            }
            if (auto result = waiters[i].wait_for(0ms)) {
                ended[i] = Clock::now();
                --left;
                if (result->exit_code == 0) {
                    ++report.waiters_ok;
                    report.release_latencies.push_back(
                        std::max(milliseconds(0), since(migration_done, *ended[i])));
                } else {
                    report.failures.push_back("waiter " + std::to_string(i) + ": exit " +
                                              std::to_string(result->exit_code) + ": " +
                                              result->err);
                }
            }
        }
        std::this_thread::sleep_for(2ms);
    }
    if (left > 0) {
        report.failures.push_back(std::to_string(left) +
                                  " waiters still waited a minute after "
                                  "the migration");
    }
    std::sort(report.release_latencies.begin(), report.release_latencies.end());

    const std::vector<Sample> samples = sampler.stop();
    report.samples = static_cast<int>(samples.size());
    long long waiting_total = 0;
    int waiting_samples = 0;
    for (const Sample& sample : samples) {
        report.most_connections = std::max(report.most_connections, sample.connections);
        if (sample.at >= all_started && sample.at < migration_started) {
            report.most_connections_waiting =
                std::max(report.most_connections_waiting, sample.connections);
            waiting_total += sample.connections;
            ++waiting_samples;
        }
    }
    report.mean_connections_waiting =
        waiting_samples == 0 ? 0.0 : static_cast<double>(waiting_total) / waiting_samples;
    return report;  // the waiters' destructors end and reap whatever still runs
}

}  // namespace deckhand::test
