// log_event(): a message with fields, through whatever sink the logger has.
#include "deckhand/log_event.hpp"

#include <spdlog/logger.h>

#include "log/event_fields.hpp"

namespace deckhand {
namespace log {
namespace {

thread_local const EventFields* current = nullptr;

}  // namespace

const EventFields* current_event_fields() noexcept {
    return current;
}

EventScope::EventScope(const EventFields& fields) noexcept : previous_(current) {
    current = &fields;
}

EventScope::~EventScope() {
    current = previous_;
}

}  // namespace log

void log_event(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view event,
               const nlohmann::json& fields, std::string_view message) {
    if (!logger.should_log(level)) {
        return;
    }
    const log::EventFields current{event, &fields};
    const log::EventScope scope(current);
    logger.log(level, "{}", message);
}

}  // namespace deckhand
