// baseline (adopt a database deckhand never migrated) and repair (forget failed runs, accept
// deliberate edits): small writes to the history, each in one transaction under the lock.
#include <spdlog/spdlog.h>

#include "deckhand/db/errors.hpp"
#include "deckhand/db/migration_lock.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/migrate/engine.hpp"

namespace deckhand::migrate {
namespace {

// Runs `work` in a transaction; rolls back and rethrows on any failure.
template <typename Work>
void in_transaction(db::Connection& connection, Work&& work) {
    connection.begin();
    try {
        work();
        connection.commit();
    } catch (...) {
        try {
            if (connection.in_transaction()) {
                connection.rollback();
            }
        } catch (...) {
            // The session's end rolls back anyway.
        }
        throw;
    }
}

}  // namespace

BaselineResult baseline(db::Connection& connection, const script::MigrationSet& migrations,
                        const script::Version& version, std::chrono::milliseconds lock_wait_timeout,
                        const Io& io) {
    db::MigrationLock lock(connection, lock_wait_timeout, io.cancellation, io.log);
    History history(connection);
    history.create_if_missing();
    auto rows = history.read();
    if (!rows.empty()) {
        throw WorkFailed("baseline refused: " + std::string(history_table) + " already holds " +
                         std::to_string(rows.size()) + (rows.size() == 1 ? " row" : " rows") +
                         "; baseline adopts a database that deckhand has never migrated");
    }
    const std::string user = connection.current_user();
    BaselineResult result;
    bool has_exact = false;
    in_transaction(connection, [&] {
        std::int64_t rank = 1;
        for (const auto& migration : migrations.versioned) {
            if (version < migration.version) {
                break;
            }
            has_exact = has_exact || migration.version == version;
            HistoryRow row;
            row.installed_rank = rank++;
            row.version = migration.version;
            row.description = migration.description;
            row.type = std::string(type_baseline);
            row.script = migration.script;
            row.checksum = migration.checksum;
            row.installed_by = user;
            row.phase = migration.phase;
            history.insert(row);
        }
        if (!has_exact) {
            // The version the database is at, for scripts this folder never had.
            HistoryRow row;
            row.installed_rank = rank++;
            row.version = version;
            row.description = "<< deckhand baseline >>";
            row.type = std::string(type_baseline);
            row.script = "<< deckhand baseline >>";
            row.installed_by = user;
            history.insert(row);
        }
        result.rows = static_cast<std::size_t>(rank - 1);
    });
    io.log.info("baselined at version {}: {} marked as applied", version.text(),
                result.rows == 1 ? std::string("1 history row")
                                 : std::to_string(result.rows) + " history rows");
    return result;
}

RepairResult repair(db::Connection& connection, const script::MigrationSet& migrations,
                    std::chrono::milliseconds lock_wait_timeout, const Io& io) {
    RepairResult result;
    db::MigrationLock lock(connection, lock_wait_timeout, io.cancellation, io.log);
    History history(connection);
    if (!history.exists()) {
        io.log.info("nothing to repair: {} does not exist yet", history_table);
        return result;
    }
    Status status(migrations, history.read());
    in_transaction(connection, [&] {
        for (const auto& row : status.history()) {
            if (!row.success) {
                result.removed.push_back(row.script);
            }
        }
        if (!result.removed.empty()) {
            history.delete_failed();
        }
        for (const auto& entry : status.entries()) {
            // Repeatables are re-applied when they change; everything versioned (V and B) is
            // realigned.
            if (entry.migration == nullptr || !entry.row || !entry.row->success ||
                entry.migration->kind == script::ScriptKind::repeatable) {
                continue;
            }
            const auto& file = *entry.migration;
            const auto& row = *entry.row;
            if (row.checksum == file.checksum && row.description == file.description &&
                row.script == file.script) {
                continue;
            }
            // The baseline marker row keeps no checksum: it stands for no file.
            if (!row.checksum && row.type == type_baseline) {
                continue;
            }
            history.realign(row.installed_rank, file.checksum, file.description, file.script);
            result.realigned.push_back(file.script);
        }
    });
    for (const auto& script : result.removed) {
        io.log.info("removed the failed run of {}", script);
    }
    for (const auto& script : result.realigned) {
        io.log.info("realigned {} with its file", script);
    }
    if (result.removed.empty() && result.realigned.empty()) {
        io.log.info("nothing to repair: the history matches the files");
    }
    return result;
}

}  // namespace deckhand::migrate
