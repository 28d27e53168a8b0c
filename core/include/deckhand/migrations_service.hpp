// The "migrations" service (since plugin API 1.4), offered by the migrate plugin: what other
// plugins ask of migrations (is the schema current for this phase? migrate first; where does
// the seed history go?) without linking the migrate engine. seed, doctor and kubernetes use it;
// so may a team's plugin. Obtain it with use_service<MigrationsService>(context)
// (deckhand/service.hpp); it answers for the configuration it is handed (the history table of
// --history-table / DECKHAND_HISTORY_TABLE).
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "deckhand/cancellation.hpp"
#include "deckhand/config.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/export.hpp"
#include "deckhand/script/migration_set.hpp"
#include "deckhand/script/placeholders.hpp"
#include "deckhand/service.hpp"

namespace spdlog {
class logger;
}

namespace deckhand {

class Context;

// A migration that keeps its phase from being current.
struct OutstandingMigration {
    std::string script;  // "V3__add_index.sql"
    std::string state;   // as `deckhand status` says it: "pending", "failed", "changed", ...
    script::Phase phase = script::Phase::pre;
};

// Where a database stands against a migrations folder.
struct SchemaStanding {
    std::optional<script::Version> newest_applied;  // of any phase
    // Every migration that keeps its phase from being current, in `deckhand status` order.
    std::vector<OutstandingMigration> outstanding;

    // Those that keep `phase` from being current (Phase::all: every one).
    std::vector<const OutstandingMigration*> outstanding_in(script::Phase phase) const {
        std::vector<const OutstandingMigration*> out;
        for (const auto& migration : outstanding) {
            if (script::phase_includes(phase, migration.phase)) {
                out.push_back(&migration);
            }
        }
        return out;
    }
    bool is_current(script::Phase phase) const { return outstanding_in(phase).empty(); }
};

// What `migrate` is asked to do on another command's behalf (seed --migrate): `deckhand migrate
// --phase P [--dry-run] [--lock-timeout D] [--set ...]` with everything else at its default.
struct MigrateRequest {
    script::Phase phase = script::Phase::pre;
    bool dry_run = false;
    std::chrono::milliseconds lock_wait_timeout{std::chrono::minutes(5)};
    script::Placeholders placeholders;
};

// Where migrate reports: progress to `log`, results (a dry run's plan) to `out`; `cancellation`
// stops the run.
struct MigrationsIo {
    spdlog::logger& log;
    std::ostream& out;
    const Cancellation& cancellation;
};

// A table beside the schema history, as one connection finds it.
struct HistorySibling {
    std::string sql;      // quoted and qualified, for statements: "public"."deckhand_seed_history"
    std::string display;  // as messages show it: public.deckhand_seed_history
    std::string dialect;  // the connection's
    // Whether the table exists (reads the catalog; creates nothing).
    std::function<bool(db::Connection&)> exists;
};

class DECKHAND_API MigrationsService : public Service {
  public:
    static constexpr const char* service_name = "migrations";
    static constexpr std::uint32_t since_api_minor = 4;
    static constexpr const char* offered_by =
        "deckhand's migrate plugin offers it: is migrate.so in the plugin folder?";

    ~MigrationsService() override;

    // Checks the configured history table name; throws ConfigError naming the flag or variable.
    virtual void check_history_table(const Config& config) = 0;

    // Reads the schema history (creating nothing, holding no lock) and merges it with
    // `migrations`, as `deckhand status` does. Throws ConfigError for a bad history table name.
    virtual SchemaStanding standing(db::Connection& connection,
                                    const script::MigrationSet& migrations,
                                    const Config& config) = 0;

    // Applies what is pending, as `deckhand migrate` does (holding the migration lock). `report`
    // receives migrate's --output json report, also when it throws (then it says what was
    // applied and which script failed). Throws what migrate throws.
    virtual void migrate(db::Connection& connection, const script::MigrationSet& migrations,
                         const MigrateRequest& request, const Config& config,
                         const MigrationsIo& io, nlohmann::json& report) = 0;

    // The seed history that goes with the configured schema history on `connection`:
    // deckhand_seed_history beside the default table, <table>_seed beside any other.
    virtual HistorySibling seed_history(db::Connection& connection, const Config& config) = 0;

    // Records the session state a script may change (role, search_path, deckhand's timeouts)
    // and returns what puts it back, as migrate does between scripts.
    virtual std::function<void(db::Connection&)> capture_session(db::Connection& connection) = 0;

    // Since plugin API 1.5. How migrate reads a migrations folder for `dialect`: its folder and
    // post/, quietly past the folders of the other `dialects` (Context::dialects()) and seed/.
    virtual script::FolderRules folder_rules(const std::string& dialect,
                                             const std::vector<std::string>& dialects) = 0;
};

// Since plugin API 1.5. The rules `migrations` reads a folder by for `dialect`:
// MigrationsService::folder_rules with every driver's dialect (Context::dialects()), or, when the
// plugin offering it was built against plugin API 1.4 (whose service has no folder_rules), the
// rules of 1.4 (script::FolderRules::as_of_api_1_4).
DECKHAND_API script::FolderRules migrations_folder_rules(Context& context,
                                                         MigrationsService& migrations,
                                                         const std::string& dialect);

// Since plugin API 1.5. Reads the configured migrations folder once, for the dialect the
// configured database's driver declares (Context::dialect()) or, when only a connection can
// tell, for `connection`'s; by the rules of the "migrations" service. Logs nothing: the caller
// says what it does with the warnings.
DECKHAND_API script::MigrationSet read_migrations_folder(
    Context& context, MigrationsService& migrations, const db::Connection* connection,
    script::ScriptTexts texts = script::ScriptTexts::keep);

}  // namespace deckhand
