// `deckhand status` (and status --wait): what is applied, pending, failed or changed. The class
// lives in status_command.cpp; plugin.cpp registers it.
#pragma once

#include <memory>

#include "deckhand/command.hpp"

namespace deckhand::migrate::cli {

std::unique_ptr<Command> make_status_command();

}  // namespace deckhand::migrate::cli
