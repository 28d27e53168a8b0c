// The fields of the log event being written, handed from log_event() to the sink. The logger is
// synchronous, so the sink runs on the thread that logged: a thread-local pointer is enough.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace deckhand::log {

struct EventFields {
    std::string_view event;
    const nlohmann::json* fields = nullptr;
};

// The event being logged on this thread, or nullptr while a plain message is logged.
const EventFields* current_event_fields() noexcept;

// Makes `fields` the current event for its lifetime.
class EventScope {
  public:
    explicit EventScope(const EventFields& fields) noexcept;
    ~EventScope();
    EventScope(const EventScope&) = delete;
    EventScope& operator=(const EventScope&) = delete;

  private:
    const EventFields* previous_;
};

}  // namespace deckhand::log
