// The tasks plugin's check for `deckhand doctor`: "commands folder parses", every task file read
// and every task's command name checked against the commands of the other plugins.
#pragma once

#include <memory>

#include "deckhand/check.hpp"

namespace deckhand::tasks {

std::unique_ptr<Check> make_commands_folder_check();

}  // namespace deckhand::tasks
