// `migrate --lint`: the scripts migrate is about to apply, linted by the lint plugin's own command
// (run_command.hpp: this plugin does not link lint's code) before anything runs.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "deckhand/context.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/script/migration_set.hpp"

namespace deckhand::migrate::cli {

// Runs `deckhand lint` on `scripts` (files of `migrations`; the rest of the folder is their
// context) for the connection's dialect and, on PostgreSQL, its server's major version. Logs every
// finding (event lint_finding; an error-level one as an error, a hygiene warning as a warning,
// field severity) and sets `report` to lint's JSON report ({"scripts", "findings": [{"file",
// "line", "column", "rule", "level", ...}]}). Then throws WorkFailed when an error-level finding
// is not waived (nothing has run then); throws UsageError when no plugin offers `lint`.
void lint_before_migrate(Context& context, db::Connection& connection,
                         const script::MigrationSet& migrations,
                         const std::vector<const script::Migration*>& scripts,
                         nlohmann::json& report);

}  // namespace deckhand::migrate::cli
