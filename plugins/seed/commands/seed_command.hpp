// `deckhand seed`: the command over the seeder. The class lives in seed_command.cpp; plugin.cpp
// registers it, and the tests run it in-process.
#pragma once

#include <memory>

#include "deckhand/command.hpp"

namespace deckhand::seed {

std::unique_ptr<Command> make_seed_command();

}  // namespace deckhand::seed
