// The first run of migrate against a database whose deckhand history is empty: a database that
// Flyway, golang-migrate or dbmate manages is refused with the command that takes it over, one
// that holds a schema but no history is baselined under --baseline-on-migrate, and a first script
// that fails there says that baseline exists.
#pragma once

#include <optional>

#include "deckhand/db/connection.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/migrate/engine.hpp"
#include "peer_history.hpp"

namespace deckhand::migrate::detail {

// Throws WorkFailed when another tool's history table beside `table` records migrations.
// Returns the version to baseline at when options.baseline_on_migrate is set and the schema
// already holds objects (logging why when `log` is given); nothing otherwise.
std::optional<script::Version> check_first_contact(db::Connection& connection,
                                                   const HistoryTable& table,
                                                   const MigrateOptions& options,
                                                   spdlog::logger* log);

// The first script of a first run failed (`error`). When the schema already held objects
// (`before`: objects_beside() under the lock, before any script ran), the likely cause is a schema
// built before deckhand ("relation ... already exists"): throws the same error with a sentence that
// points to baseline. Returns when that does not apply (the caller rethrows).
void explain_first_failure(const HistoryTable& table, const SchemaObjects& before,
                           const WorkFailed& error);

}  // namespace deckhand::migrate::detail
