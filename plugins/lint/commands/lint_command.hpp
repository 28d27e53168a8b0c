// `deckhand lint`: its factory, given the way to reach PostgreSQL's parser.
#pragma once

#include <memory>

#include "deckhand/command.hpp"
#include "deckhand/lint/pg_parser.hpp"

namespace deckhand::lint {

std::unique_ptr<Command> make_lint_command(PgParser parser);

}  // namespace deckhand::lint
