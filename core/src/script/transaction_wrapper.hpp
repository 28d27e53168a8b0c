// Core-internal: golang-migrate and dbmate files that wrap their whole body in BEGIN; ...
// COMMIT;. golang-migrate runs a file without a transaction of its own, so its users write the
// pair themselves; deckhand runs each transactional script in its own transaction and refuses
// transaction control in it. In those two conventions a pair that wraps the whole file is
// therefore blanked out and the body runs in deckhand's transaction instead (on SQLite,
// `PRAGMA foreign_keys` lines may stand outside the pair, as in SQLite's twelve steps). A
// BEGIN or COMMIT anywhere else is left in place, for the run's check to refuse with its line.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "deckhand/script/sql_lexer.hpp"

namespace deckhand::script {

// `sql` with its wrapping BEGIN/START TRANSACTION and COMMIT/END statements (their ';'
// included, and comments between a statement and its ';') turned into spaces, line ends kept so
// that line numbers stay; nothing when the file has no such pair, or other transaction control
// besides.
std::optional<std::string> strip_transaction_wrapper(std::string_view sql, SqlDialect dialect);

}  // namespace deckhand::script
