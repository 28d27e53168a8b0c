// `deckhand baseline`: adopt an existing database, by version or from a peer tool's history. The
// class lives in baseline_command.cpp; plugin.cpp registers it.
#pragma once

#include <memory>

#include "deckhand/command.hpp"

namespace deckhand::migrate::cli {

std::unique_ptr<Command> make_baseline_command();

}  // namespace deckhand::migrate::cli
