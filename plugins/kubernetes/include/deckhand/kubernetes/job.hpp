// A batch/v1 Job as the waiter needs it: identity, counters, conditions, and the verdict the
// conditions give. Parsing is strict about the fields that matter, so an unexpected answer is
// an error, never "ready".
#pragma once

#include <chrono>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace deckhand::kubernetes {

struct JobCondition {
    std::string type;    // Complete, Failed, SuccessCriteriaMet, FailureTarget, Suspended
    std::string status;  // "True", "False", "Unknown"
    std::string reason;
    std::string message;
    std::string last_transition_time;
};

struct Job {
    std::string name;
    std::string namespace_name;
    std::string uid;
    std::string resource_version;
    std::chrono::sys_seconds created{};  // metadata.creationTimestamp
    std::map<std::string, std::string> labels;

    // status counters; the API omits those that are zero
    long active = 0;
    long succeeded = 0;
    long failed = 0;
    long completions = 1;  // spec.completions (default 1)
    std::vector<JobCondition> conditions;

    // The condition of this type whose status is "True", or nullptr.
    const JobCondition* true_condition(std::string_view type) const;
};

enum class Verdict { pending, complete, failed };

// Only the terminal conditions decide: Complete=True or Failed=True. SuccessCriteriaMet and
// FailureTarget come first, while pods still terminate, and decide nothing on their own.
Verdict verdict(const Job& job);

// Throws std::invalid_argument naming the missing or malformed field.
Job parse_job(const nlohmann::json& object);

// RFC 3339 as the API writes it ("2026-03-01T12:00:00Z", fractions and offsets accepted).
// Throws std::invalid_argument.
std::chrono::sys_seconds parse_timestamp(std::string_view text);

// "active 1, succeeded 0, failed 1".
std::string describe_counters(const Job& job);
// The counters plus the conditions that are True: "...; FailureTarget (BackoffLimitExceeded)".
std::string describe_progress(const Job& job);

}  // namespace deckhand::kubernetes
