// `deckhand migrate`: apply pending migrations. The class lives in migrate_command.cpp; plugin.cpp
// registers it.
#pragma once

#include <memory>

#include "deckhand/command.hpp"

namespace deckhand::migrate::cli {

std::unique_ptr<Command> make_migrate_command();

}  // namespace deckhand::migrate::cli
