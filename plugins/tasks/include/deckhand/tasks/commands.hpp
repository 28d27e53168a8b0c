// The tasks plugin's commands: one per task file of the commands folder, and `sql` for an
// ad-hoc script; plus the registration that offers them, refusing bad or clashing tasks one by
// one.
#pragma once

#include <memory>

#include "deckhand/command.hpp"
#include "deckhand/registry.hpp"
#include "deckhand/tasks/task_folder.hpp"

namespace spdlog {
class logger;
}

namespace deckhand::tasks {

// The command a task becomes: its parameters as options (checked against their types before
// any connection is opened), plus --dry-run and --output.
std::unique_ptr<Command> make_task_command(TaskDefinition task);

// `deckhand sql FILE [--dry-run] [--output text|json]`.
std::unique_ptr<Command> make_sql_command();

struct Registration {
    std::size_t registered = 0;  // tasks now offered as commands
    std::size_t refused = 0;     // malformed, or clashing with another command
};

// Adds `sql` and a command for every task of config().commands_dir. A malformed task file or
// a task whose name another command has is logged as a warning naming both, and refused;
// files without annotations are logged at debug level and skipped.
Registration register_task_commands(Registry& registry, spdlog::logger& log);

}  // namespace deckhand::tasks
