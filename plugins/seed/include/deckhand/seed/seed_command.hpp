// `deckhand seed`: the command over the seeder.
#pragma once

#include <memory>

#include "deckhand/command.hpp"

namespace deckhand::seed {

std::unique_ptr<Command> make_seed_command();

}  // namespace deckhand::seed
