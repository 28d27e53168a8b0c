// Core-internal: the checks of one migration's text that the folder loader makes beyond its
// name: whether it runs in a transaction (and a mixture it must refuse), a dbmate down
// section in a file whose naming runs the whole file, and a NUL byte in any script.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/script/migration_set.hpp"
#include "deckhand/script/sql_lexer.hpp"

namespace deckhand::script {

// What the script's author said about transactions, if anything.
struct TransactionChoice {
    std::optional<bool> execute_in_transaction;  // from its .sql.conf
    bool dbmate_transaction = true;              // false with -- migrate:up transaction:false
    bool directive = false;                      // -- deckhand:no-transaction
};

// In a transaction or not, and why: an explicit choice wins (the directive, then the .conf,
// then dbmate's option); otherwise the statements decide, and a script that mixes statements
// that cannot run in a transaction with ones that should is a problem, appended as
// "<display_path>:<line>: ..." naming the two ways out.
NoTransaction decide_transaction(const TransactionChoice& choice, std::string_view text,
                                 SqlDialect dialect, std::string_view display_path,
                                 std::vector<std::string>& problems);

// "<display_path>:<line>: ..." when `text` holds a NUL byte, which libpq and SQLite take for
// the end of the SQL: the rest of the script would be dropped without a word. (A UTF-16 file
// is full of them.)
std::optional<std::string> nul_byte_problem(std::string_view text, std::string_view display_path);

// Appends a problem when `text` (a file named the `convention` way, not dbmate's) holds a
// -- migrate:down line: the whole file would run, its undo section too.
void refuse_down_sections(std::string_view text, SqlDialect dialect, std::string_view display_path,
                          Convention convention, std::vector<std::string>& problems);

}  // namespace deckhand::script
