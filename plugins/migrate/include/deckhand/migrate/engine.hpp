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
};

struct AppliedScript {
    std::string script;
    std::chrono::milliseconds elapsed{0};
};

struct MigrateResult {
    std::vector<AppliedScript> applied;  // in the order they ran (or would, under dry_run)
    std::size_t versioned = 0;           // how many of them are versioned
    std::chrono::milliseconds elapsed{0};
    std::optional<script::Version> schema_version;  // newest applied version afterwards
};

// Applies what is pending. Throws ConfigError (placeholders), WorkFailed (validation, a failing
// script: "<file>:<line>: <server message>"), TimedOut (the lock), Cancelled (a signal; the
// running script is rolled back first).
MigrateResult migrate(db::Connection& connection, const script::MigrationSet& migrations,
                      const MigrateOptions& options, const Io& io);

// The placeholders a script sees: the given values plus deckhand:filename, deckhand:dialect
// and deckhand:table (given values cannot override these).
script::Placeholders placeholders_for(const script::Migration& migration,
                                      const script::MigrationSet& migrations,
                                      const script::Placeholders& given);

// --- baseline and repair --------------------------------------------------------------------

struct BaselineResult {
    std::size_t rows = 0;  // history rows written
};

// Adopts a database that deckhand never migrated: marks every versioned script up to and
// including `version` as applied (type BASELINE), plus a marker row for `version` when no
// script has it. Refuses (WorkFailed) unless the history is empty.
BaselineResult baseline(db::Connection& connection, const script::MigrationSet& migrations,
                        const script::Version& version, std::chrono::milliseconds lock_wait_timeout,
                        const Io& io);

struct RepairResult {
    std::vector<std::string> removed;    // scripts whose failed rows were removed
    std::vector<std::string> realigned;  // scripts whose checksum was set to the file's
};

// Removes failed rows and realigns the checksums (and descriptions) of applied versioned
// scripts with the files, in one transaction under the lock.
RepairResult repair(db::Connection& connection, const script::MigrationSet& migrations,
                    std::chrono::milliseconds lock_wait_timeout, const Io& io);

}  // namespace deckhand::migrate
