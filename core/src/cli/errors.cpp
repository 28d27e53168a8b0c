// Messages for the error kinds that compose their own sentence.
#include "deckhand/errors.hpp"

#include <csignal>
#include <cstring>

namespace deckhand {

Error::~Error() = default;
UsageError::~UsageError() = default;
ConfigError::~ConfigError() = default;
WorkFailed::~WorkFailed() = default;
TimedOut::~TimedOut() = default;
Cancelled::~Cancelled() = default;

std::string Cancelled::describe(int signal_number) {
    return describe(signal_number, "the running work was rolled back");
}

std::string Cancelled::describe(int signal_number, const std::string& outcome) {
    const char* name = signal_number == SIGTERM  ? "SIGTERM"
                       : signal_number == SIGINT ? "SIGINT"
                                                 : strsignal(signal_number);
    return std::string("cancelled by ") + name + "; " + outcome;
}

}  // namespace deckhand
