// The polling wait for the migration lock, and its release.
#include "deckhand/db/migration_lock.hpp"

#include <spdlog/spdlog.h>

#include "deckhand/duration.hpp"
#include "deckhand/errors.hpp"

namespace deckhand::db {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Short polls at first (a racing peer usually finishes quickly), then at most one a second.
milliseconds next_poll_interval(milliseconds current) {
    return std::min(current * 2, milliseconds(1000));
}
constexpr milliseconds holder_log_interval{10'000};

}  // namespace

MigrationLock::MigrationLock(Connection& connection, milliseconds timeout,
                             const Cancellation& cancellation, spdlog::logger& log)
    : connection_(connection) {
    const auto started = steady_clock::now();
    auto interval = milliseconds(25);
    auto last_logged = started - holder_log_interval;
    while (!connection_.try_lock_migrations()) {
        cancellation.throw_if_requested();
        const auto now = steady_clock::now();
        const auto waited = std::chrono::duration_cast<milliseconds>(now - started);
        if (waited >= timeout) {
            std::string holder = connection_.describe_lock_holder();
            throw TimedOut("gave up waiting for the migration lock after " +
                           format_duration(timeout) +
                           (holder.empty() ? std::string() : "; it is held by " + holder) +
                           " (raise --lock-timeout to wait longer)");
        }
        if (now - last_logged >= holder_log_interval) {
            std::string holder = connection_.describe_lock_holder();
            log.info("waiting for the migration lock{}{} (waited {}, giving up after {})",
                     holder.empty() ? "" : ", held by ", holder, format_duration(waited),
                     format_duration(timeout));
            last_logged = now;
        }
        cancellation.sleep_for(std::min(interval, timeout - waited));
        interval = next_poll_interval(interval);
    }
}

MigrationLock::~MigrationLock() {
    try {
        connection_.unlock_migrations();
    } catch (...) {
        // The lock dies with the session anyway; a failed unlock must not mask the real error.
    }
}

}  // namespace deckhand::db
