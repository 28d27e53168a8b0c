// A run that says it only reads (a task marked -- deckhand:read-only, `sql --read-only`) is held
// to it by the database: such a run needs no --allow-production, so a write must fail, not pass.
#pragma once

#include <string_view>
#include <vector>

#include "deckhand/cancellation.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/tasks/script_execution.hpp"

namespace deckhand::tasks {

// run_in_transaction, with the transaction made read-only before the first statement:
// PostgreSQL's SET TRANSACTION READ ONLY, SQLite's PRAGMA query_only (set inside the transaction,
// since SQLite's BEGIN IMMEDIATE is itself refused on a query-only connection). The transaction
// is always rolled back, and a run that changed rows anyway (having switched reading off) throws
// WorkFailed. The result holds the statements' results only, committed unless `dry_run`. Throws
// ConfigError for a dialect deckhand cannot hold to reading.
RunResult run_read_only(db::Connection& connection, const std::vector<BoundStatement>& statements,
                        std::string_view display_path, bool dry_run,
                        const Cancellation& cancellation);

}  // namespace deckhand::tasks
