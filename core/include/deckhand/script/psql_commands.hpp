// What only psql understands in a script: its meta-commands (\set, \i, \copy, \gset, ...). deckhand
// sends scripts to the server, which knows none of them, so a folder holding one is refused when
// it is read, naming file and line, instead of failing as a syntax error half-way through a run
// (or being printed without complaint by --dry-run).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "deckhand/export.hpp"
#include "deckhand/script/sql_lexer.hpp"

namespace deckhand::script {

// Since plugin API 1.2.
struct MetaCommand {
    std::string_view name;   // as written, with its backslash: "\set", "\gset", "\."
    std::size_t offset = 0;  // of the backslash in the script
    std::size_t line = 1;
};

// Since plugin API 1.2. The first backslash outside strings, quoted identifiers, comments,
// dollar-quoted bodies and COPY data, which is where psql reads a meta-command (at the start of
// a line, \set; or after a statement, \gset). SQL itself has no use for a backslash there.
DECKHAND_API std::optional<MetaCommand> find_meta_command(std::string_view sql,
                                                          SqlDialect dialect) noexcept;

// Since plugin API 1.2. Throws ConfigError "<display_path>:<line>: ..." when the script holds a
// psql meta-command (saying what to write instead), or, on SQLite, COPY ... FROM STDIN data
// (which only PostgreSQL takes). Reads nothing but the bytes unless a backslash occurs.
DECKHAND_API void refuse_psql_only_syntax(std::string_view sql, SqlDialect dialect,
                                          std::string_view display_path);

}  // namespace deckhand::script
