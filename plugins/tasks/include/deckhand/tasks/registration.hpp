// The tasks plugin's registration: `sql`, and a command for every task file of the commands
// folder, refusing bad or clashing tasks one by one (the commands live in commands/).
#pragma once

#include <cstddef>

#include "deckhand/registry.hpp"
#include "deckhand/tasks/task_folder.hpp"

namespace spdlog {
class logger;
}

namespace deckhand::tasks {

struct Registration {
    std::size_t registered = 0;  // tasks now offered as commands
    std::size_t refused = 0;     // malformed, or clashing with another command
};

// Adds `sql` and a command for every task of config().commands_dir. A malformed task file or
// a task whose name another command has is logged as a warning naming both, and refused;
// files without annotations are logged at debug level and skipped.
Registration register_task_commands(Registry& registry, spdlog::logger& log);

}  // namespace deckhand::tasks
