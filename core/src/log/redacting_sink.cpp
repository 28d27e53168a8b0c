// Text lines ("2026-11-24T02:10:00.123Z info  message") or JSON lines
// ({"time":..., "level":..., "message":...}) on stderr, redacted.
#include "log/redacting_sink.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "log/event_fields.hpp"
#include "text/terminal_text.hpp"

namespace deckhand::log {
namespace {

std::string utc_timestamp(spdlog::log_clock::time_point when) {
    auto seconds = std::chrono::system_clock::to_time_t(when);
    auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() %
        1000;
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900,
                  parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                  static_cast<int>(millis));
    return text;
}

const char* level_name(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::trace:
            return "trace";
        case spdlog::level::debug:
            return "debug";
        case spdlog::level::info:
            return "info";
        case spdlog::level::warn:
            return "warn";
        case spdlog::level::err:
            return "error";
        case spdlog::level::critical:
            return "critical";
        default:
            return "off";
    }
}

const char* level_colour(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::warn:
            return "\033[33m";
        case spdlog::level::err:
        case spdlog::level::critical:
            return "\033[31m";
        case spdlog::level::debug:
        case spdlog::level::trace:
            return "\033[2m";
        default:
            return "";
    }
}

// `value` with the secrets scrubbed from every string in it, however deep.
nlohmann::json scrubbed(const nlohmann::json& value, const KnownSecrets& secrets) {
    if (value.is_string()) {
        return secrets.scrub(value.get_ref<const std::string&>());
    }
    if (value.is_structured()) {
        nlohmann::json out = value;
        for (auto& [key, member] : out.items()) {
            member = scrubbed(member, secrets);
        }
        return out;
    }
    return value;
}

// The event's name and fields beside the line's own time, level and message.
void add_event_fields(nlohmann::json& object, const EventFields& event,
                      const KnownSecrets& secrets) {
    object["event"] = std::string(event.event);
    if (event.fields == nullptr || !event.fields->is_object()) {
        return;
    }
    for (const auto& [key, value] : event.fields->items()) {
        if (!object.contains(key)) {
            object[key] = scrubbed(value, secrets);
        }
    }
}

}  // namespace

RedactingSink::RedactingSink(Format format, std::shared_ptr<const KnownSecrets> secrets)
    : format_(format), secrets_(std::move(secrets)), colour_(isatty(STDERR_FILENO) == 1) {}

void RedactingSink::sink_it_(const spdlog::details::log_msg& message) {
    const std::string text =
        secrets_->scrub(std::string_view(message.payload.data(), message.payload.size()));
    std::string line;
    if (format_ == Format::json) {
        nlohmann::json object{{"time", utc_timestamp(message.time)},
                              {"level", level_name(message.level)},
                              {"message", text}};
        if (const EventFields* event = current_event_fields()) {
            add_event_fields(object, *event, *secrets_);
        }
        // ASCII only: every control character, C1 and bidirectional ones included, as \uNNNN.
        line = object.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
    } else {
        std::string level = level_name(message.level);
        level.resize(5, ' ');
        if (colour_ && *level_colour(message.level) != '\0') {
            level = level_colour(message.level) + level + "\033[0m";
        }
        line = utc_timestamp(message.time) + " " + level + " " +
               escape_control_characters(text, false);
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
}

void RedactingSink::flush_() {
    std::fflush(stderr);
}

}  // namespace deckhand::log
