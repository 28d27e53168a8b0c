// `deckhand new DESCRIPTION`: write the next migration file and print its path. The class lives in
// new_command.cpp; plugin.cpp registers it.
#pragma once

#include <memory>

#include "deckhand/command.hpp"

namespace deckhand::migrate::cli {

std::unique_ptr<Command> make_new_command();

}  // namespace deckhand::migrate::cli
