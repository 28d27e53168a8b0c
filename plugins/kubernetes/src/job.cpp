// Reading batch/v1 Job objects and judging them by their conditions.
#include "deckhand/kubernetes/job.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace deckhand::kubernetes {
namespace {

using nlohmann::json;

const json& member(const json& object, const char* key, const char* where) {
    auto it = object.find(key);
    if (it == object.end()) {
        throw std::invalid_argument(std::string(where) + " has no '" + key + "'");
    }
    return *it;
}

std::string text(const json& object, const char* key, const char* where, bool required) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required) {
            throw std::invalid_argument(std::string(where) + " has no '" + key + "'");
        }
        return {};
    }
    if (!it->is_string()) {
        throw std::invalid_argument(std::string(where) + "." + key + " is not a string");
    }
    return it->get<std::string>();
}

long counter(const json& object, const char* key, long fallback) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return fallback;
    }
    if (!it->is_number_integer()) {
        throw std::invalid_argument(std::string("status.") + key + " is not an integer");
    }
    return it->get<long>();
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm), for a timegm without TZ.
long days_from_civil(long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

}  // namespace

const JobCondition* Job::true_condition(std::string_view type) const {
    for (const auto& condition : conditions) {
        if (condition.type == type && condition.status == "True") {
            return &condition;
        }
    }
    return nullptr;
}

Verdict verdict(const Job& job) {
    if (job.true_condition("Failed") != nullptr) {
        return Verdict::failed;
    }
    if (job.true_condition("Complete") != nullptr) {
        return Verdict::complete;
    }
    return Verdict::pending;
}

std::chrono::sys_seconds parse_timestamp(std::string_view value) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
    std::string copy(value);
    if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                    &second, &consumed) != 6 ||
        month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
        throw std::invalid_argument("'" + copy + "' is not an RFC 3339 time");
    }
    std::string_view rest = value.substr(static_cast<std::size_t>(consumed));
    if (!rest.empty() && rest.front() == '.') {
        rest.remove_prefix(1);
        while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
            rest.remove_prefix(1);
        }
    }
    long offset_seconds = 0;
    if (rest == "Z" || rest == "z") {
        offset_seconds = 0;
    } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
        int oh = 0, om = 0;
        if (std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &oh, &om) != 2) {
            throw std::invalid_argument("'" + copy + "' is not an RFC 3339 time");
        }
        offset_seconds = (oh * 3600L + om * 60L) * (rest[0] == '-' ? -1 : 1);
    } else {
        throw std::invalid_argument("'" + copy + "' is not an RFC 3339 time");
    }
    long days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    long seconds = days * 86400L + hour * 3600L + minute * 60L + second - offset_seconds;
    return std::chrono::sys_seconds(std::chrono::seconds(seconds));
}

Job parse_job(const json& object) {
    if (!object.is_object()) {
        throw std::invalid_argument("the Job is not a JSON object");
    }
    auto kind = text(object, "kind", "the Job", false);
    if (!kind.empty() && kind != "Job") {
        throw std::invalid_argument("the object is a " + kind + ", not a Job");
    }
    const json& metadata = member(object, "metadata", "the Job");
    if (!metadata.is_object()) {
        throw std::invalid_argument("the Job's metadata is not an object");
    }

    Job job;
    job.name = text(metadata, "name", "metadata", true);
    job.namespace_name = text(metadata, "namespace", "metadata", false);
    job.uid = text(metadata, "uid", "metadata", false);
    job.resource_version = text(metadata, "resourceVersion", "metadata", true);
    auto created = text(metadata, "creationTimestamp", "metadata", false);
    if (!created.empty()) {
        job.created = parse_timestamp(created);
    }
    if (auto labels = metadata.find("labels"); labels != metadata.end() && labels->is_object()) {
        for (const auto& [key, value] : labels->items()) {
            if (value.is_string()) {
                job.labels.emplace(key, value.get<std::string>());
            }
        }
    }
    if (auto spec = object.find("spec"); spec != object.end() && spec->is_object()) {
        if (auto completions = spec->find("completions");
            completions != spec->end() && completions->is_number_integer()) {
            job.completions = completions->get<long>();
        }
    }
    // A Job that no controller has touched yet has no status at all.
    if (auto status = object.find("status"); status != object.end() && !status->is_null()) {
        if (!status->is_object()) {
            throw std::invalid_argument("the Job's status is not an object");
        }
        job.active = counter(*status, "active", 0);
        job.succeeded = counter(*status, "succeeded", 0);
        job.failed = counter(*status, "failed", 0);
        if (auto conditions = status->find("conditions");
            conditions != status->end() && !conditions->is_null()) {
            if (!conditions->is_array()) {
                throw std::invalid_argument("status.conditions is not a list");
            }
            for (const auto& item : *conditions) {
                if (!item.is_object()) {
                    throw std::invalid_argument("a status.condition is not an object");
                }
                JobCondition condition;
                condition.type = text(item, "type", "a condition", true);
                condition.status = text(item, "status", "a condition", true);
                condition.reason = text(item, "reason", "a condition", false);
                condition.message = text(item, "message", "a condition", false);
                condition.last_transition_time =
                    text(item, "lastTransitionTime", "a condition", false);
                job.conditions.push_back(std::move(condition));
            }
        }
    }
    return job;
}

std::string describe_counters(const Job& job) {
    return "active " + std::to_string(job.active) + ", succeeded " + std::to_string(job.succeeded) +
           ", failed " + std::to_string(job.failed);
}

std::string describe_progress(const Job& job) {
    std::string out = describe_counters(job);
    for (const auto& condition : job.conditions) {
        if (condition.status != "True") {
            continue;
        }
        out += "; " + condition.type;
        if (!condition.reason.empty()) {
            out += " (" + condition.reason + ")";
        }
    }
    return out;
}

}  // namespace deckhand::kubernetes
