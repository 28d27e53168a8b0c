// Splits a script into its statements, as psql does, for servers that take one statement at a
// time. Semicolons inside strings, quoted identifiers, comments, $tag$ bodies, parentheses
// (CREATE RULE ... DO ALSO (...; ...)) and BEGIN ... END bodies (CREATE TRIGGER, BEGIN ATOMIC) do
// not end a statement, and the inline data of COPY ... FROM STDIN belongs to its statement.
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
// are dropped, and so is COPY data (see copy_data). The views point into `sql`. A ')' without
// its '(' is left for the server to report; a '(' without its ')' runs the statement to the end
// of the text, as psql does, and the server reports where. Never throws for any input except
// std::bad_alloc.
DECKHAND_API std::vector<Statement> split_statements(std::string_view sql, SqlDialect dialect);

// Since plugin API 1.2. The inline data of a COPY ... FROM STDIN statement: the lines after
// it, as psql sends them to the server.
struct CopyData {
    std::string_view text;   // byte for byte, without the closing line "\."
    std::size_t offset = 0;  // byte offset of text in the script
    std::size_t line = 1;    // 1-based line where it starts
    bool terminated = true;  // false when the script ends without a line "\." (psql then
                             // takes the data to the end of the file, and so does deckhand)
};

// Since plugin API 1.2. For a statement that split_statements(sql, dialect) returned: its data,
// if it is a COPY ... FROM STDIN (also when the script ends before any data comes: empty and
// not terminated); nothing for every other statement (at the cost of comparing one word).
DECKHAND_API std::optional<CopyData> copy_data(std::string_view sql, const Statement& statement,
                                               SqlDialect dialect);

// The first statement that starts or ends a transaction (BEGIN, START TRANSACTION, COMMIT, END,
// ROLLBACK without TO, ABORT, PREPARE TRANSACTION), if any: such a statement cannot be part of a
// script that deckhand itself runs in a transaction.
DECKHAND_API std::optional<Statement> find_transaction_control(std::string_view sql,
                                                               SqlDialect dialect);

// Since plugin API 1.2. Throws ConfigError "<display_path>:<line>: 'COMMIT' controls
// transactions, but deckhand runs this script in a transaction of its own; <remedy>" for the
// first statement find_transaction_control finds; does nothing when there is none.
DECKHAND_API void refuse_transaction_control(std::string_view sql, SqlDialect dialect,
                                             std::string_view display_path,
                                             std::string_view remedy);

// True when the script holds at least one statement (not only whitespace and comments).
DECKHAND_API bool has_statements(std::string_view sql, SqlDialect dialect) noexcept;

}  // namespace deckhand::script
