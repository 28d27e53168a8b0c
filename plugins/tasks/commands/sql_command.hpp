// `deckhand sql FILE [--dry-run] [--output text|json]`: an ad-hoc script in one transaction. The
// class lives in sql_command.cpp; plugin.cpp registers it.
#pragma once

#include <memory>

#include "deckhand/command.hpp"

namespace deckhand::tasks {

std::unique_ptr<Command> make_sql_command();

}  // namespace deckhand::tasks
