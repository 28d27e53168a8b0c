// The wait itself: a list-then-watch loop over the Job, in the manner of client-go's informers,
// with retries, progress lines and the verdict from the Job's terminal conditions.
#include "deckhand/kubernetes/wait_for_job.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "deckhand/database_url.hpp"
#include "deckhand/duration.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/kubernetes/access_denied.hpp"
#include "deckhand/kubernetes/job.hpp"
#include "text.hpp"

namespace deckhand::kubernetes {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

// The polling loop of one wait (not the JobWaiter seam of wait_request.hpp, which calls it).
class JobWaitLoop {
  public:
    JobWaitLoop(ApiClient& client, const WaitOptions& options, spdlog::logger& log,
                Cancellation& cancellation)
        : client_(client),
          options_(options),
          log_(log),
          cancellation_(cancellation),
          started_(SteadyClock::now()),
          rng_(std::random_device{}()) {
        if (options_.timeout && options_.timeout->count() > 0) {
            deadline_ = started_ + *options_.timeout;
        }
        subject_ = options_.job_name.empty()
                       ? "the newest Job matching " + options_.label_selector + " in namespace " +
                             options_.namespace_name
                       : "Job " + options_.job_name + " in namespace " + options_.namespace_name;
    }

    WaitResult run() {
        log_.info("waiting for {} (API server {}, {})", subject_, client_.config().server,
                  client_.config().origin);
        bool need_list = true;
        for (;;) {
            if (need_list) {
                auto response = client_.get(jobs_path(options_), deadline_);
                if (response.end == ApiResponse::End::deadline) {
                    timed_out();
                }
                if (!accept(response, "list") || !load_list(response.body)) {
                    pause();
                    continue;
                }
                need_list = false;
                retries_ = 0;
                if (auto result = evaluate()) {
                    return *result;
                }
            }

            relist_ = false;
            decided_.reset();
            events_this_watch_ = 0;
            auto watch_started = SteadyClock::now();
            auto response = client_.stream(
                watch_path(), [this](std::string_view line) { return on_event(line); },
                [this] { on_idle(); }, deadline_);
            if (decided_) {
                return *decided_;
            }
            if (response.end == ApiResponse::End::deadline) {
                timed_out();
            }
            if (relist_ || response.status == 410) {
                log_.info("resourceVersion {} is too old for the watch (410 Gone); listing again",
                          resource_version_);
                need_list = true;
                continue;
            }
            if (!stream_error_.empty()) {
                // An answer we cannot read is never taken for "ready": list afresh after a pause.
                last_error_ = std::move(stream_error_);
                stream_error_.clear();
                need_list = true;
                pause();
                continue;
            }
            if (!accept(response, "watch")) {
                if (response.status >= 200 && response.status < 300) {
                    // Broke off mid-stream. After a while (or events) resume at once from the
                    // last resourceVersion; a watch that breaks straight away backs off.
                    last_error_ = "the watch on " + subject_ + " broke off (" +
                                  response.transport_error + ")";
                    if (events_this_watch_ > 0 ||
                        SteadyClock::now() - watch_started > std::chrono::seconds(10)) {
                        log_.info("{}; resuming from resourceVersion {}", last_error_,
                                  resource_version_);
                        retries_ = 0;
                        continue;
                    }
                }
                pause();
                continue;
            }
            // The server ended the watch (its timeoutSeconds): watch again from where it stopped.
            log_.debug("the API server closed the watch after {} events; watching again",
                       events_this_watch_);
            retries_ = 0;
        }
    }

  private:
    std::string watch_path() {
        // Spread like client-go's informers (5 to 10 minutes), so many init containers do not
        // reconnect in step.
        std::uniform_int_distribution<int> seconds(300, 599);
        return jobs_path(options_) + "&watch=true&allowWatchBookmarks=true&resourceVersion=" +
               query_escape(resource_version_) + "&timeoutSeconds=" + std::to_string(seconds(rng_));
    }

    milliseconds waited() const {
        return std::chrono::duration_cast<milliseconds>(SteadyClock::now() - started_);
    }
    std::string waited_text() const {
        // Hundredths below ten seconds ("0.49s"), whole seconds above ("2m5s").
        auto ms = waited();
        return format_duration(ms < std::chrono::seconds(10)
                                   ? ms / 10 * 10
                                   : std::chrono::duration_cast<std::chrono::seconds>(ms));
    }

    // True for a 2xx answer; false (with last_error_ set) for one worth retrying; throws for
    // answers that no retry can change.
    bool accept(const ApiResponse& response, const char* verb) {
        const auto& server = client_.config().server;
        if (!response.transport_error.empty()) {
            last_error_ = "the Kubernetes API server " + server + " cannot be reached (" +
                          response.transport_error + ")";
            return false;
        }
        auto status = response.status;
        if (status >= 200 && status < 300) {
            token_retried_ = false;
            return true;
        }
        auto message = status_message_of(response.body);
        if (status == 401) {
            // A projected token may have rotated between our read and the server's check.
            const auto& token = client_.config().token;
            if (token.from_file() && !token_retried_) {
                std::string now_token;
                try {
                    now_token = token.current();
                } catch (const ConfigError&) {
                }
                if (!now_token.empty() && now_token != client_.last_token()) {
                    token_retried_ = true;
                    last_error_ = "the token was refused and has since been rotated";
                    retry_now_ = true;
                    return false;
                }
            }
            throw ConfigError(describe_refusal(401, verb, options_.namespace_name, server,
                                               client_.config().origin, message,
                                               client_.last_token()));
        }
        token_retried_ = false;
        if (status == 403) {
            throw ConfigError(describe_refusal(403, verb, options_.namespace_name, server,
                                               client_.config().origin, message,
                                               client_.last_token()));
        }
        if (status == 400 && !options_.label_selector.empty()) {
            throw UsageError("the Kubernetes API server rejected --selector '" +
                             options_.label_selector + "'" +
                             (message.empty() ? std::string() : ": " + message));
        }
        if (status == 404) {
            throw ConfigError("the server " + server +
                              " does not serve batch/v1 Jobs (404 Not Found" +
                              (message.empty() ? std::string() : ": " + message) +
                              "); is it a Kubernetes API server? (configured from " +
                              client_.config().origin + ")");
        }
        std::string detail =
            "HTTP " + std::to_string(status) + (message.empty() ? "" : ": " + message);
        if (status == 429 || status >= 500 || status == 410) {
            last_error_ = "the Kubernetes API server " + server + " answered " + detail;
            retry_after_ = response.retry_after;
            return false;
        }
        throw ConfigError("the Kubernetes API server " + server + " refused to " + verb +
                          " jobs in namespace " + options_.namespace_name + ": " + detail);
    }

    bool load_list(const std::string& body) {
        auto list = json::parse(body, nullptr, false);
        try {
            if (!list.is_object()) {
                throw std::invalid_argument("the answer is not a JSON object");
            }
            auto metadata = list.find("metadata");
            if (metadata == list.end() || !metadata->is_object() ||
                !metadata->contains("resourceVersion") ||
                !(*metadata)["resourceVersion"].is_string()) {
                throw std::invalid_argument("the list has no metadata.resourceVersion");
            }
            std::map<std::string, Job> jobs;
            if (auto items = list.find("items"); items != list.end() && !items->is_null()) {
                if (!items->is_array()) {
                    throw std::invalid_argument("'items' is not a list");
                }
                for (const auto& item : *items) {
                    auto job = parse_job(item);
                    jobs.insert_or_assign(job.name, std::move(job));
                }
            }
            jobs_ = std::move(jobs);
            resource_version_ = (*metadata)["resourceVersion"].get<std::string>();
            return true;
        } catch (const std::invalid_argument& e) {
            last_error_ = "the Kubernetes API server " + client_.config().server +
                          " answered the list of jobs with something unreadable (" + e.what() + ")";
            return false;
        }
    }

    // One line of the watch stream. Returns false to stop reading.
    bool on_event(std::string_view line) {
        auto event = json::parse(line, nullptr, false);
        try {
            if (!event.is_object() || !event.contains("type") || !event["type"].is_string() ||
                !event.contains("object") || !event["object"].is_object()) {
                throw std::invalid_argument(
                    "a watch event is not {\"type\": ..., \"object\": {...}}");
            }
            const auto type = event["type"].get<std::string>();
            const json& object = event["object"];
            if (type == "ERROR") {
                long code = object.value("code", 0L);
                if (code == 410) {
                    relist_ = true;
                    return false;
                }
                stream_error_ = "the watch on " + subject_ + " ended with an error: " +
                                object.value("message", std::string("(no message)")) + " (" +
                                std::to_string(code) + ")";
                return false;
            }
            if (type == "BOOKMARK") {
                resource_version_ = object.at("metadata").at("resourceVersion").get<std::string>();
                return true;
            }
            if (type != "ADDED" && type != "MODIFIED" && type != "DELETED") {
                throw std::invalid_argument("unknown watch event type '" + type + "'");
            }
            auto job = parse_job(object);
            ++events_this_watch_;
            resource_version_ = job.resource_version;
            if (!job.namespace_name.empty() && job.namespace_name != options_.namespace_name) {
                return true;
            }
            if (type == "DELETED") {
                log_.info("Job {} was deleted ({})", job.name, describe_progress(job));
                jobs_.erase(job.name);
            } else {
                auto name = job.name;
                jobs_.insert_or_assign(name, std::move(job));
            }
            decided_ = evaluate();
            return !decided_;
        } catch (const std::invalid_argument& e) {
            stream_error_ =
                "the watch on " + subject_ + " sent something unreadable (" + e.what() + ")";
            return false;
        } catch (const json::exception& e) {
            stream_error_ =
                "the watch on " + subject_ + " sent something unreadable (" + e.what() + ")";
            return false;
        }
    }

    // The Job waited for: by name, or the newest match of the selector. A selector never goes
    // back to a Job older than the newest it has seen: that one vanishing means "absent".
    const Job* target() {
        if (!options_.job_name.empty()) {
            auto it = jobs_.find(options_.job_name);
            return it == jobs_.end() ? nullptr : &it->second;
        }
        const Job* newest = nullptr;
        for (const auto& [name, job] : jobs_) {
            if (newest == nullptr ||
                std::tie(job.created, job.name) > std::tie(newest->created, newest->name)) {
                newest = &job;
            }
        }
        if (newest == nullptr) {
            return nullptr;
        }
        if (high_water_ && std::tie(newest->created, newest->name) <
                               std::tie(high_water_->first, high_water_->second)) {
            return nullptr;
        }
        high_water_ = std::make_pair(newest->created, newest->name);
        return newest;
    }

    std::optional<WaitResult> evaluate() {
        const Job* job = target();
        if (job == nullptr) {
            return on_absent();
        }
        absent_ = false;
        auto decision = verdict(*job);
        if (decision == Verdict::pending) {
            report_progress(*job, false);
        }
        switch (decision) {
            case Verdict::complete:
                log_.info("Job {} has completed ({}); waited {}", job->name,
                          describe_counters(*job), waited_text());
                return WaitResult{WaitResult::Outcome::completed, job->name, waited()};
            case Verdict::failed: {
                const JobCondition* failed = job->true_condition("Failed");
                std::string why = failed->reason;
                if (!failed->message.empty()) {
                    why += (why.empty() ? "" : ": ") + failed->message;
                }
                throw WorkFailed("Job " + job->name + " in namespace " + options_.namespace_name +
                                 " failed" + (why.empty() ? std::string() : ": " + why) + " (" +
                                 describe_counters(*job) + ")");
            }
            case Verdict::pending:
                break;
        }
        return std::nullopt;
    }

    std::optional<WaitResult> on_absent() {
        if (absent_) {
            return std::nullopt;
        }
        absent_ = true;
        last_progress_.clear();
        last_progress_log_ = SteadyClock::now();
        std::string absent = options_.job_name.empty()
                                 ? "no Job matching " + options_.label_selector +
                                       " exists in namespace " + options_.namespace_name
                                 : "Job " + options_.job_name + " does not exist in namespace " +
                                       options_.namespace_name;
        if (!options_.schema_is_current) {
            log_.info("{}; waiting for it to be created", absent);
            return std::nullopt;
        }
        try {
            if (options_.schema_is_current()) {
                log_.info(
                    "{}, and the database already holds every migration of this build; nothing to "
                    "wait for",
                    absent);
                return WaitResult{WaitResult::Outcome::schema_current, "", waited()};
            }
            log_.info("{}, and the database lacks migrations of this build; waiting for the Job",
                      absent);
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception& e) {
            log_.warn("{}, and the database could not be checked ({}); waiting for the Job", absent,
                      redact_secrets(e.what()));
        }
        return std::nullopt;
    }

    void report_progress(const Job& job, bool heartbeat) {
        auto progress = describe_progress(job);
        if (!heartbeat && progress == last_progress_ && job.uid == last_uid_) {
            return;
        }
        log_.info("{} {}: {}; waited {}", heartbeat ? "still waiting for Job" : "Job", job.name,
                  progress, waited_text());
        last_progress_ = std::move(progress);
        last_uid_ = job.uid;
        last_progress_log_ = SteadyClock::now();
    }

    void on_idle() {
        if (SteadyClock::now() - last_progress_log_ < options_.progress_interval) {
            return;
        }
        if (const Job* job = absent_ ? nullptr : target()) {
            report_progress(*job, true);
        } else {
            log_.info("still waiting for {} to be created; waited {}", subject_, waited_text());
            last_progress_log_ = SteadyClock::now();
        }
    }

    // Waits before the next attempt: exponential backoff with jitter, bounded by the deadline.
    void pause() {
        ++retries_;
        milliseconds delay{0};
        if (retry_now_) {
            retry_now_ = false;
        } else {
            auto base = options_.first_retry * (1LL << std::min(retries_ - 1, 16));
            base = std::min<milliseconds>(base, options_.max_retry);
            std::uniform_real_distribution<double> jitter(0.5, 1.0);
            delay = milliseconds(
                static_cast<long long>(static_cast<double>(base.count()) * jitter(rng_)));
            delay = std::max<milliseconds>(delay, retry_after_);
        }
        retry_after_ = {};
        auto now = SteadyClock::now();
        bool loud = now - last_retry_log_ >= options_.retry_log_interval;
        log_.log(loud ? spdlog::level::warn : spdlog::level::debug,
                 "{}; retrying in {} (attempt {}, waited {})", last_error_, format_duration(delay),
                 retries_, waited_text());
        if (loud) {
            last_retry_log_ = now;
        }
        if (deadline_ && now + delay >= *deadline_) {
            if (!cancellation_.sleep_for(std::chrono::ceil<milliseconds>(*deadline_ - now))) {
                throw Cancelled(cancellation_.signal_number());
            }
            timed_out();
        }
        if (!cancellation_.sleep_for(delay)) {
            throw Cancelled(cancellation_.signal_number());
        }
    }

    [[noreturn]] void timed_out() {
        std::string state;
        if (const Job* job = absent_ ? nullptr : target()) {
            state = "Job " + job->name + ": " + describe_progress(*job);
        } else if (!last_error_.empty() && retries_ > 0) {
            state = "last error: " + last_error_;
        } else {
            state = "it does not exist";
        }
        throw TimedOut("timed out after " + format_duration(*options_.timeout) + " waiting for " +
                       subject_ + " (" + state + ")");
    }

    ApiClient& client_;
    const WaitOptions& options_;
    spdlog::logger& log_;
    Cancellation& cancellation_;
    SteadyClock::time_point started_;
    Deadline deadline_;
    std::mt19937 rng_;
    std::string subject_;

    std::map<std::string, Job> jobs_;
    std::string resource_version_;
    std::optional<std::pair<std::chrono::sys_seconds, std::string>> high_water_;
    bool absent_ = false;

    // per watch
    bool relist_ = false;
    std::optional<WaitResult> decided_;
    std::string stream_error_;
    int events_this_watch_ = 0;

    // retries
    int retries_ = 0;
    bool retry_now_ = false;
    bool token_retried_ = false;
    milliseconds retry_after_{0};
    std::string last_error_;
    SteadyClock::time_point last_retry_log_{};

    // progress
    std::string last_progress_;
    std::string last_uid_;
    SteadyClock::time_point last_progress_log_ = SteadyClock::now();
};

}  // namespace

std::string jobs_path(const WaitOptions& options) {
    std::string path =
        "/apis/batch/v1/namespaces/" + query_escape(options.namespace_name) + "/jobs?";
    if (!options.job_name.empty()) {
        path += "fieldSelector=" + query_escape("metadata.name=" + options.job_name);
    } else {
        path += "labelSelector=" + query_escape(options.label_selector);
    }
    return path;
}

WaitResult wait_for_job(ApiClient& client, const WaitOptions& options, spdlog::logger& log,
                        Cancellation& cancellation) {
    if (options.job_name.empty() == options.label_selector.empty()) {
        throw UsageError("wait-for-job needs a Job name or --selector, and not both");
    }
    JobWaitLoop waiter(client, options, log, cancellation);
    return waiter.run();
}

}  // namespace deckhand::kubernetes
