// The boundary between the lint plugin and its private library (lint.d/pg_parser.so, which holds
// libpg_query): what the library's entry point hands the plugin. Both sides are built from this
// header in one build; the stamp says which.
#pragma once

#include <string>

#include "deckhand/lint/pg_parser.hpp"
#include "deckhand/private_library.hpp"

// Change the number whenever ParserLibrary changes, so that a library from before is refused by
// name rather than called with the wrong layout.
#define DECKHAND_LINT_PARSER_ENTRY deckhand_lint_pg_parser_1

namespace deckhand::lint {

struct ParserLibrary {
    PrivateLibraryStamp stamp;
    // deckhand::lint::parse_postgres, through a pointer.
    PgParseResult (*parse)(const std::string& sql);
};

inline constexpr const char* parser_library_entry = DECKHAND_PP_STR(DECKHAND_LINT_PARSER_ENTRY);

}  // namespace deckhand::lint
