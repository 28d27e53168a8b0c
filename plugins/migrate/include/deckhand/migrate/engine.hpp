// The migration engine: migrate, validate, baseline and repair over a db::Connection and a
// MigrationSet. The migrate plugin's commands are thin shells over these functions; other
// plugins (seed, doctor, kubernetes) link this library to ask the same questions.
//
// Every function that changes the database holds the migration lock for its whole run and
// re-reads the history under it, so any number of processes may call it at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "deckhand/cancellation.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/migrate/history.hpp"
#include "deckhand/migrate/history_table.hpp"
#include "deckhand/migrate/status.hpp"
#include "deckhand/script/migration_set.hpp"
#include "deckhand/script/placeholders.hpp"

namespace spdlog {
class logger;
}

namespace deckhand::migrate {

// What the engine reports to and listens for: progress lines go to `log`, results (the dry-run
// plan) to `out`; `cancellation` stops the run between and (through the connection) inside
// statements.
struct Io {
    spdlog::logger& log;
    std::ostream& out;
    const Cancellation& cancellation;
};

// --- checks that must pass before anything changes ---------------------------------------

struct CheckOptions {
    script::Phase phase = script::Phase::pre;  // out-of-order scripts matter only in these phases
    bool allow_out_of_order = false;
    bool allow_missing = true;  // a newer build's scripts: expected during a rollback
};

// One sentence per problem (changed checksums, failed rows, out-of-order scripts, missing files
// unless allowed), each naming the file and what to do; empty when all is well.
std::vector<std::string> find_problems(const Status& status, const CheckOptions& options);

// --- migrate ---------------------------------------------------------------------------

struct MigrateOptions {
    script::Phase phase = script::Phase::pre;
    std::optional<script::Version> target;  // apply versioned scripts up to this one only
    bool dry_run = false;                   // print the plan and its SQL, change nothing
    bool out_of_order = false;              // apply scripts older than the newest applied
    std::chrono::milliseconds lock_wait_timeout{std::chrono::minutes(5)};
    std::chrono::milliseconds statement_timeout{0};                        // 0: none
    std::chrono::milliseconds ddl_lock_timeout{std::chrono::seconds(10)};  // 0: none
    script::Placeholders placeholders;  // --set over DECKHAND_PLACEHOLDER_*
    HistoryTableName history_table;     // --history-table
    bool create_schemas = false;        // create the history table's schema when missing
    // Flyway's baselineOnMigrate: a schema that holds objects but no history is first
    // baselined at `baseline_version` (default 1, as Flyway's baselineVersion), so only later
    // scripts run. An empty schema is migrated from the start.
    bool baseline_on_migrate = false;
    std::optional<script::Version> baseline_version;
};

struct AppliedScript {
    std::string script;
    std::chrono::milliseconds elapsed{0};
    const script::Migration* migration = nullptr;  // its file, in the MigrationSet given
};

// A script of the folder that this run leaves pending, and why.
struct SkippedScript {
    const script::Migration* migration = nullptr;
    std::string reason;  // "phase post", "above --target 3", "out of order", ...
};

// The script that failed, with the time it ran before failing.
struct FailedScript {
    const script::Migration* migration = nullptr;
    std::chrono::milliseconds elapsed{0};
};

struct MigrateResult {
    std::vector<AppliedScript> applied;  // in the order they ran (or would, under dry_run)
    std::size_t versioned = 0;           // how many of them are versioned
    std::chrono::milliseconds elapsed{0};
    std::optional<script::Version> schema_version;  // newest applied version afterwards
    std::vector<SkippedScript> skipped;             // pending scripts this run does not apply
    std::optional<FailedScript> failed;             // the script whose failure ended the run
    std::optional<script::Version> baselined_at;    // --baseline-on-migrate's baseline
};

// Applies what is pending. Throws ConfigError (placeholders, the history table's name or
// schema), WorkFailed (validation, a database that another tool's history table says it
// manages, a failing script: "<file>:<line>: <server message>"), TimedOut (the lock), Cancelled
// (a signal; the running script is rolled back first).
MigrateResult migrate(db::Connection& connection, const script::MigrationSet& migrations,
                      const MigrateOptions& options, const Io& io);
// The same, filling `result` as it goes: when it throws, `result` holds what was applied before
// the failure, the failed script (a failing script; not a cancellation), what was skipped and
// the schema version reached.
void migrate(db::Connection& connection, const script::MigrationSet& migrations,
             const MigrateOptions& options, const Io& io, MigrateResult& result);

// The placeholders a script sees: the given values plus deckhand:filename, deckhand:dialect
// and deckhand:table, the history table as SQL names it (given values cannot override these).
script::Placeholders placeholders_for(const script::Migration& migration,
                                      const script::MigrationSet& migrations,
                                      const script::Placeholders& given, const HistoryTable& table);

// --- baseline and repair --------------------------------------------------------------------

// The tools whose history `baseline --from` takes over.
enum class PeerTool { flyway, golang_migrate, dbmate };
std::string_view to_string(PeerTool tool) noexcept;  // "flyway", "golang-migrate", "dbmate"
// Throws UsageError naming `flag` for anything else.
PeerTool parse_peer_tool(std::string_view text, std::string_view flag);

struct BaselineOptions {
    // Either a version (everything up to it counts as applied) ...
    script::Version version;
    // ... or another tool whose history is taken over row by row, from its table (default:
    // flyway_schema_history, or schema_migrations, in the history table's schema).
    std::optional<PeerTool> from;
    std::optional<HistoryTableName> from_table;
    std::chrono::milliseconds lock_wait_timeout{std::chrono::minutes(5)};
    HistoryTableName history_table;
    bool create_schemas = false;
};

struct BaselineResult {
    std::size_t rows = 0;                           // history rows written
    std::vector<HistoryRow> written;                // those rows, in rank order
    std::optional<script::Version> schema_version;  // the newest version they mark applied
};

// Adopts a database that deckhand never migrated, holding the lock. By version: marks every
// versioned script up to and including it as applied (type BASELINE), plus a marker row for
// the version when no script has it. From another tool: each migration that tool recorded as
// applied becomes an applied row (with the file's checksum where this folder has the file; the
// tool's type, time and user where it kept them); what it never applied stays pending. Refuses
// (WorkFailed) unless deckhand's history is empty, and when the other tool's history records a
// failed or dirty migration, naming its version.
BaselineResult baseline(db::Connection& connection, const script::MigrationSet& migrations,
                        const BaselineOptions& options, const Io& io);

struct RepairResult {
    std::vector<std::string> removed;    // scripts whose failed rows were removed
    std::vector<std::string> realigned;  // scripts whose checksum was set to the file's
};

// Removes failed rows and realigns the checksums (and descriptions) of applied versioned
// scripts with the files, in one transaction under the lock.
RepairResult repair(db::Connection& connection, const script::MigrationSet& migrations,
                    std::chrono::milliseconds lock_wait_timeout, const Io& io,
                    const HistoryTableName& history_table = {});

}  // namespace deckhand::migrate
