// The command a task file becomes: its parameters as options (checked against their types before
// any connection is opened), plus --dry-run and --output. The class lives in task_command.cpp;
// registration (src/registration.cpp) makes one per task of the commands folder.
#pragma once

#include <memory>

#include "deckhand/command.hpp"
#include "deckhand/tasks/task_definition.hpp"

namespace deckhand::tasks {

std::unique_ptr<Command> make_task_command(TaskDefinition task);

}  // namespace deckhand::tasks
