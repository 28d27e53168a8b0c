// Waiting for a Job through the API: list, then watch from the list's resourceVersion, resume
// after a dropped connection, list again when the server says 410 Gone, and decide only from
// the terminal conditions. This is the library behind `deckhand wait-for-job`.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "deckhand/cancellation.hpp"
#include "deckhand/kubernetes/api_client.hpp"

namespace spdlog {
class logger;
}

namespace deckhand::kubernetes {

struct WaitOptions {
    // Exactly one of the two: the Job's name, or a label selector (the newest match is waited for).
    std::string job_name;
    std::string label_selector;
    std::string namespace_name;

    std::optional<std::chrono::milliseconds> timeout;  // no value: wait as long as it takes

    // Asked when the Job is absent (not created yet, or deleted after ttlSecondsAfterFinished):
    // true when the database already holds every migration this build ships, which settles the
    // wait. Empty when no database is configured. Exceptions other than Cancelled are logged and
    // the wait goes on.
    std::function<bool()> schema_is_current;

    // How often a "still waiting" line is logged while nothing changes, and how often a
    // retry of an unreachable API server is logged above debug level.
    std::chrono::milliseconds progress_interval{std::chrono::seconds(30)};
    std::chrono::milliseconds retry_log_interval{std::chrono::seconds(10)};
    // Backoff between retries: doubles from `first_retry` up to `max_retry`, with jitter.
    std::chrono::milliseconds first_retry{500};
    std::chrono::milliseconds max_retry{std::chrono::seconds(30)};
};

struct WaitResult {
    enum class Outcome {
        completed,       // the Job has the condition Complete=True
        schema_current,  // the Job is absent and the database needs nothing
    };
    Outcome outcome = Outcome::completed;
    std::string job_name;  // the Job that completed; "" for schema_current
    std::chrono::milliseconds waited{0};
};

// Returns when the Job has completed (or is absent with a current database). Throws WorkFailed
// when it has failed (with its reason and message), TimedOut after options.timeout, Cancelled
// on SIGTERM/SIGINT, ConfigError for refused credentials (401/403, with the Role that fixes it)
// and for TLS failures, UsageError when the server rejects the selector.
WaitResult wait_for_job(ApiClient& client, const WaitOptions& options, spdlog::logger& log,
                        Cancellation& cancellation);

// "/apis/batch/v1/namespaces/NS/jobs?fieldSelector=metadata.name%3DNAME" (or labelSelector=).
std::string jobs_path(const WaitOptions& options);

}  // namespace deckhand::kubernetes
