// The "migrations" service over the engine: each call resolves the configured history table on
// the connection it is given and answers as the migrate plugin's own commands would.
#include "deckhand/migrate/migrations_service.hpp"

#include "deckhand/migrate/engine.hpp"
#include "deckhand/migrate/folder_rules.hpp"
#include "deckhand/migrate/history_table.hpp"
#include "deckhand/migrate/json_report.hpp"
#include "deckhand/migrate/session_state.hpp"
#include "deckhand/migrate/status.hpp"

namespace deckhand::migrate {
namespace {

class EngineMigrationsService final : public MigrationsService {
  public:
    void check_history_table(const Config& config) override { history_table_name(config); }

    SchemaStanding standing(db::Connection& connection, const script::MigrationSet& migrations,
                            const Config& config) override {
        const Status status = read_status(connection, migrations, history_table_name(config));
        SchemaStanding standing;
        standing.newest_applied = status.newest_applied();
        for (const StatusEntry* entry : status.outstanding(script::Phase::all)) {
            standing.outstanding.push_back(
                {std::string(entry->script), std::string(to_string(entry->state)), entry->phase});
        }
        return standing;
    }

    void migrate(db::Connection& connection, const script::MigrationSet& migrations,
                 const MigrateRequest& request, const Config& config, const MigrationsIo& io,
                 nlohmann::json& report) override {
        MigrateOptions options;
        options.phase = request.phase;
        options.dry_run = request.dry_run;
        options.lock_wait_timeout = request.lock_wait_timeout;
        options.placeholders = request.placeholders;
        options.history_table = history_table_name(config);
        MigrateResult result;
        try {
            migrate::migrate(connection, migrations, options, Io{io.log, io.out, io.cancellation},
                             result);
        } catch (...) {
            report = migrate_json(result, options);
            throw;
        }
        report = migrate_json(result, options);
    }

    HistorySibling seed_history(db::Connection& connection, const Config& config) override {
        const HistoryTable table =
            HistoryTable::resolve(connection, history_table_name(config)).seed_history();
        return {table.sql(), table.display(), table.dialect(),
                [table](db::Connection& on) { return table.exists(on); }};
    }

    std::function<void(db::Connection&)> capture_session(db::Connection& connection) override {
        return
            [state = SessionState::capture(connection)](db::Connection& on) { state.restore(on); };
    }

    script::FolderRules folder_rules(const std::string& dialect,
                                     const std::vector<std::string>& dialects) override {
        return migrate::folder_rules(dialect, dialects);
    }
};

}  // namespace

std::unique_ptr<MigrationsService> make_migrations_service() {
    return std::make_unique<EngineMigrationsService>();
}

}  // namespace deckhand::migrate
