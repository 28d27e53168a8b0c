// `deckhand repair`: forget failed runs, accept deliberate edits of applied scripts. The class
// lives in repair_command.cpp; plugin.cpp registers it.
#pragma once

#include <memory>

#include "deckhand/command.hpp"

namespace deckhand::migrate::cli {

std::unique_ptr<Command> make_repair_command();

}  // namespace deckhand::migrate::cli
