// Messages for the error kinds that compose their own sentence.
#include <csignal>
#include <cstring>

#include "deckhand/errors.hpp"

namespace deckhand {

std::string Cancelled::describe(int signal_number) {
    const char* name = signal_number == SIGTERM ? "SIGTERM"
                       : signal_number == SIGINT ? "SIGINT"
                                                 : strsignal(signal_number);
    return std::string("cancelled by ") + name + "; the running work was rolled back";
}

}  // namespace deckhand
