// `deckhand validate`: the applied scripts still match the files, nothing failed. The class lives
// in validate_command.cpp; plugin.cpp registers it.
#pragma once

#include <memory>

#include "deckhand/command.hpp"

namespace deckhand::migrate::cli {

std::unique_ptr<Command> make_validate_command();

}  // namespace deckhand::migrate::cli
