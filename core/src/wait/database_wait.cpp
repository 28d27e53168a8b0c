// The retry loop of --wait-for-database.
#include "wait/database_wait.hpp"

#include <spdlog/spdlog.h>

#include "deckhand/backoff.hpp"
#include "deckhand/db/driver.hpp"
#include "deckhand/db/errors.hpp"
#include "deckhand/duration.hpp"
#include "deckhand/errors.hpp"

namespace deckhand::wait {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A refused connection costs the server nothing, so the first retries come quickly; two seconds
// at most between attempts keeps the start of the work close to the moment the database is up.
constexpr milliseconds first_pause{250};
constexpr milliseconds longest_pause{2000};
// Between two progress lines at info; the attempts in between are logged at debug.
constexpr milliseconds progress_interval{10'000};

// "52s" rather than "51.873s": the progress line gives an order of magnitude.
std::string whole_seconds(milliseconds duration) {
    return format_duration(std::chrono::ceil<std::chrono::seconds>(duration));
}

}  // namespace

milliseconds attempt_timeout(milliseconds left) {
    const milliseconds driver_default = db::ConnectOptions{}.connect_timeout;
    return std::clamp(left, milliseconds(1000), driver_default);
}

std::unique_ptr<db::Connection> connect_patiently(const ConnectAttempt& attempt,
                                                  const std::string& redacted_url,
                                                  milliseconds patience,
                                                  const Cancellation& cancellation,
                                                  spdlog::logger& log) {
    if (patience.count() <= 0) {
        return attempt(db::ConnectOptions{}.connect_timeout);
    }
    const auto started = Clock::now();
    const auto deadline = started + patience;
    auto last_progress = started - progress_interval;
    Backoff backoff(first_pause, longest_pause);
    for (int attempts = 1;; ++attempts) {
        cancellation.throw_if_requested();
        auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
        try {
            return attempt(attempt_timeout(left));
        } catch (const db::TransientConnectionError& error) {
            const auto now = Clock::now();
            left = std::chrono::duration_cast<milliseconds>(deadline - now);
            if (left.count() <= 0) {
                throw TimedOut("gave up waiting for the database at " + redacted_url + " after " +
                               format_duration(patience) + " (" + std::to_string(attempts) +
                               (attempts == 1 ? " attempt" : " attempts") + "): " + error.reason());
            }
            const bool loud = now - last_progress >= progress_interval;
            log.log(loud ? spdlog::level::info : spdlog::level::debug,
                    "waiting for the database at {}: {}; retrying for up to {}", redacted_url,
                    error.reason(), whole_seconds(left));
            if (loud) {
                last_progress = now;
            }
            if (!cancellation.sleep_for(std::min(backoff.next(), left))) {
                cancellation.throw_if_requested();
            }
        }
    }
}

}  // namespace deckhand::wait
