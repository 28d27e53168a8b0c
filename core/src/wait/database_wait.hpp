// --wait-for-database: opening a database that may not be reachable yet, as a Job's first step
// needs when the database (or the proxy sidecar in front of it) starts at the same time.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "deckhand/cancellation.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/export.hpp"

namespace spdlog {
class logger;
}

namespace deckhand::wait {

// One connection attempt, bounded by the given connect timeout.
using ConnectAttempt =
    std::function<std::unique_ptr<db::Connection>(std::chrono::milliseconds connect_timeout)>;

// Calls `attempt` until it connects. A failure that waiting may heal
// (db::ConnectionError::transient()) is retried with jittered backoff, with a progress line at
// info naming `redacted_url`, for up to `patience`; then TimedOut (exit 3) says what the last
// attempt met. Any other failure, and every failure when `patience` is zero, is thrown as it
// came. Cancellation (SIGTERM, SIGINT) ends the wait at once with Cancelled.
DECKHAND_API std::unique_ptr<db::Connection> connect_patiently(const ConnectAttempt& attempt,
                                                               const std::string& redacted_url,
                                                               std::chrono::milliseconds patience,
                                                               const Cancellation& cancellation,
                                                               spdlog::logger& log);

// The connect timeout of one attempt: the driver's default (10 s), but never beyond what is
// left of the wait (nor below one second, libpq's unit).
std::chrono::milliseconds attempt_timeout(std::chrono::milliseconds left);

}  // namespace deckhand::wait
