// PostgreSQL's own grammar (libpg_query) behind one function: a script's parse tree as JSON, or
// the parser's error and where it is. The lint plugin reaches it through its private library
// (lint.d/pg_parser.so); the tests link it directly.
#pragma once

#include <functional>
#include <string>

namespace deckhand::lint {

struct PgParseResult {
    std::string json;        // {"version":..., "stmts":[...]} when the script parses
    std::string error;       // the parser's message otherwise
    std::size_t cursor = 0;  // 1-based byte position of the error (0: unknown)
};

// Parses `sql` (the whole script). Never throws for bad SQL.
PgParseResult parse_postgres(const std::string& sql);

// How the linter reaches the parser: parse_postgres itself, or a call into the private library.
using PgParser = std::function<PgParseResult(const std::string& sql)>;

}  // namespace deckhand::lint
