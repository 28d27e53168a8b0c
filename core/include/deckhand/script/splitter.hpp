// Splits a script into its statements, as psql does, for servers that take one statement at a
// time. Semicolons inside strings, quoted identifiers, comments, $tag$ bodies, parentheses
// (CREATE RULE ... DO ALSO (...; ...)) and BEGIN ... END bodies (CREATE TRIGGER, BEGIN ATOMIC) do
// not end a statement.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "deckhand/export.hpp"
#include "deckhand/script/sql_lexer.hpp"

namespace deckhand::script {

struct Statement {
    std::string_view text;   // from its first significant token to its last, without the ';'
    std::size_t offset = 0;  // byte offset of text in the script
    std::size_t line = 1;    // 1-based line where it starts
};

// The statements of `sql`, in order; empty statements (";;") and comments between statements
// are dropped. The views point into `sql`. A ')' without its '(' is left for the server to
// report; a '(' without its ')' runs the statement to the end of the text, as psql does, and the
// server reports where. Never throws for any input except std::bad_alloc.
DECKHAND_API std::vector<Statement> split_statements(std::string_view sql, SqlDialect dialect);

// The first statement that starts or ends a transaction (BEGIN, START TRANSACTION, COMMIT, END,
// ROLLBACK without TO, ABORT), if any: such a statement cannot be part of a script that
// deckhand itself runs in a transaction.
DECKHAND_API std::optional<Statement> find_transaction_control(std::string_view sql,
                                                               SqlDialect dialect);

// True when the script holds at least one statement (not only whitespace and comments).
DECKHAND_API bool has_statements(std::string_view sql, SqlDialect dialect) noexcept;

}  // namespace deckhand::script
