// The migrate plugin's commands, one factory each (the classes live in their own files).
#pragma once

#include <memory>

#include "deckhand/command.hpp"

namespace deckhand::migrate::cli {

std::unique_ptr<Command> make_migrate_command();
std::unique_ptr<Command> make_status_command();
std::unique_ptr<Command> make_validate_command();
std::unique_ptr<Command> make_baseline_command();
std::unique_ptr<Command> make_repair_command();
std::unique_ptr<Command> make_new_command();

}  // namespace deckhand::migrate::cli
