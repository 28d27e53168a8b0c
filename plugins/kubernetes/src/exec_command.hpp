// Running an exec credential plugin's command: its arguments and extra environment, no terminal
// (stdin is /dev/null), stdout and stderr captured, a timeout, and SIGTERM honoured. The command
// runs in its own process group, so a timeout or cancellation also ends what it started.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "deckhand/cancellation.hpp"

namespace deckhand::kubernetes {

struct CommandSpec {
    std::string command;  // a path (with a '/') or a name looked up on PATH
    std::vector<std::string> args;
    std::vector<std::pair<std::string, std::string>> env;  // added to this process's environment
    std::chrono::milliseconds timeout{std::chrono::seconds(60)};
};

struct CommandRun {
    enum class Outcome {
        exited,     // exit_code holds its status
        not_found,  // no such executable (error says where it was looked for)
        not_started,
        timed_out,  // killed after spec.timeout
    };
    Outcome outcome = Outcome::not_started;
    int exit_code = -1;  // 128+N when ended by signal N
    std::string out;
    std::string err;
    std::string error;  // why it did not start
};

// Throws Cancelled when cancellation arrives while the command runs (the command is killed).
CommandRun run_command(const CommandSpec& spec, const Cancellation& cancellation);

}  // namespace deckhand::kubernetes
