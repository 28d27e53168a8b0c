// What baseline writes, shared by `deckhand baseline` and `migrate --baseline-on-migrate`.
#pragma once

#include <string>
#include <vector>

#include "deckhand/db/connection.hpp"
#include "deckhand/migrate/history.hpp"
#include "deckhand/script/migration_set.hpp"

namespace deckhand::migrate::detail {

// The rows of a baseline at `version`, ranked from 1: every versioned script up to and including
// it (as `type`), plus a BASELINE marker row "<< `marker` >>" for `version` when no script has it.
std::vector<HistoryRow> baseline_rows(const script::MigrationSet& migrations,
                                      const script::Version& version,
                                      const std::string& installed_by,
                                      std::string_view type = type_baseline,
                                      const std::string& marker = "deckhand baseline");

// Writes `rows` in one transaction (all or none).
void write_rows(db::Connection& connection, History& history, const std::vector<HistoryRow>& rows);

}  // namespace deckhand::migrate::detail
