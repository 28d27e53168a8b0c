// Structured log events: a sentence for people and named fields for log collectors. With
// --log-format json the line carries "event" and every field beside "time", "level" and
// "message", so a collector can chart a migration (script, version, duration_ms, phase, ...);
// a text line shows the message alone. Secrets are scrubbed from the message and from every
// string field, as from any log line.
//
//   log_event(context.log(), spdlog::level::info, "migration_applied",
//             {{"script", "V2__users.sql"}, {"version", "2"}, {"duration_ms", 12}},
//             "applied V2__users.sql in 12 ms");
#pragma once

#include <spdlog/common.h>

#include <nlohmann/json.hpp>
#include <string_view>

#include "deckhand/export.hpp"

namespace spdlog {
class logger;
}

namespace deckhand {

// Logs `message` at `level` through `logger` (nothing when the level is off), with `event` and
// the members of `fields` (an object; numbers stay numbers). Fields named time, level, message
// or event are refused in favour of the line's own and dropped. Since plugin API 1.3.
DECKHAND_API void log_event(spdlog::logger& logger, spdlog::level::level_enum level,
                            std::string_view event, const nlohmann::json& fields,
                            std::string_view message);

}  // namespace deckhand
