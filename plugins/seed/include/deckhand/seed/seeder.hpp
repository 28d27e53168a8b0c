// Seeding: after the schema is current, apply each new or changed seed script in its own
// transaction together with its history row, holding the migration lock so that seeds and
// migrations never interleave.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "deckhand/config.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/migrations_service.hpp"
#include "deckhand/script/migration_set.hpp"
#include "deckhand/script/placeholders.hpp"
#include "deckhand/seed/seed_set.hpp"

namespace deckhand::seed {

struct SeedOptions {
    bool dry_run = false;                      // list what would run; change nothing
    bool migrate_first = false;                // apply pending migrations first instead of refusing
    script::Phase phase = script::Phase::pre;  // which migrations must be applied
    std::chrono::milliseconds lock_wait_timeout{std::chrono::minutes(5)};
    script::Placeholders placeholders;  // --set over DECKHAND_PLACEHOLDER_*
};

struct SeedPlanEntry {
    const SeedScript* script = nullptr;
    bool changed = false;  // applied before with another checksum (else new)
    bool ran = false;      // it ran and was committed (false under dry_run, or after a failure)
    std::chrono::milliseconds elapsed{0};  // how long it ran, when it ran or failed
};

struct SeedResult {
    std::vector<SeedPlanEntry> applied;  // in order (under dry_run: what would run)
    std::size_t unchanged = 0;           // already applied with the same checksum
    std::chrono::milliseconds elapsed{0};
    std::optional<std::size_t> failed;  // index in `applied` of the script that failed
    // migrate's report of what --migrate applied first (nothing without --migrate).
    std::optional<nlohmann::json> migrated;
};

// Refuses (ConfigError, exit 2) to seed a production environment unless allowed.
void check_environment(const Config& config, bool allow_production);

// What seeding works with: the migrate plugin's "migrations" service (is the schema current,
// --migrate, where the seed history goes), the configuration it answers for (the history table),
// and where to report.
struct SeedIo {
    MigrationsService& migrations;
    const Config& config;
    MigrationsIo io;
};

// Seeds the database. Throws WorkFailed when migrations are pending (saying to run `deckhand
// migrate` or pass --migrate) or when a script fails ("<file>:<line>: <server message>"; that
// script is rolled back, those before it stay applied), ConfigError for an undefined
// placeholder (before anything runs), TimedOut (the lock), Cancelled (a signal).
SeedResult seed(db::Connection& connection, const script::MigrationSet& migrations,
                const SeedSet& seeds, const SeedOptions& options, const SeedIo& with);
// The same, filling `result` as it goes: when it throws, `result` says what ran before the
// failure and which script failed.
void seed(db::Connection& connection, const script::MigrationSet& migrations, const SeedSet& seeds,
          const SeedOptions& options, const SeedIo& with, SeedResult& result);

}  // namespace deckhand::seed
