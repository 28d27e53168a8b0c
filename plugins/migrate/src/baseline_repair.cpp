// baseline (adopt a database deckhand never migrated) and repair (forget failed runs, accept
// deliberate edits): small writes to the history, each in one transaction under the lock.
#include <spdlog/spdlog.h>

#include "baseline_rows.hpp"
#include "deckhand/db/errors.hpp"
#include "deckhand/db/migration_lock.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/log_event.hpp"
#include "deckhand/migrate/engine.hpp"
#include "deckhand/plural.hpp"
#include "peer_history.hpp"

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

namespace detail {

std::vector<HistoryRow> baseline_rows(const script::MigrationSet& migrations,
                                      const script::Version& version,
                                      const std::string& installed_by, std::string_view type,
                                      const std::string& marker) {
    std::vector<HistoryRow> rows;
    bool has_exact = false;
    for (const auto& migration : migrations.versioned) {
        if (version < migration.version) {
            break;
        }
        has_exact = has_exact || migration.version == version;
        rows.push_back(history_row_for(migration, type, installed_by));
    }
    if (!has_exact) {
        // The version the database is at, for scripts this folder never had.
        HistoryRow& row = rows.emplace_back();
        row.version = version;
        row.description = "<< " + marker + " >>";
        row.type = std::string(type_baseline);
        row.script = row.description;
        row.installed_by = installed_by;
    }
    std::int64_t rank = 1;
    for (auto& row : rows) {
        row.installed_rank = rank++;
    }
    return rows;
}

void write_rows(db::Connection& connection, History& history, const std::vector<HistoryRow>& rows) {
    in_transaction(connection, [&] {
        for (const auto& row : rows) {
            history.insert(row);
        }
    });
}

}  // namespace detail

BaselineResult baseline(db::Connection& connection, const script::MigrationSet& migrations,
                        const BaselineOptions& options, const Io& io) {
    const HistoryTable table = HistoryTable::resolve(connection, options.history_table);
    History history(connection, table);
    auto refuse_unless_empty = [&] {
        if (!history.exists()) {
            return;
        }
        if (auto existing = history.read(); !existing.empty()) {
            throw WorkFailed("baseline refused: " + table.display() + " already holds " +
                             plural(existing.size(), "row", "rows") +
                             "; baseline adopts a database that deckhand has never migrated");
        }
    };
    // Everything is read and checked before anything is locked or written: a wrong --from, a
    // failed or dirty migration in the other tool's history, a missing schema change nothing.
    refuse_unless_empty();
    if (!options.create_schemas) {
        table.ensure_schema(connection, false);
    }
    const std::string user = connection.current_user();
    std::optional<detail::PeerHistory> peer;
    std::vector<HistoryRow> rows;
    if (options.from) {
        peer = detail::open_peer_history(connection, *options.from, table, options.from_table);
        rows = detail::import_peer_rows(connection, *peer, migrations, user);
    } else {
        rows = detail::baseline_rows(migrations, options.version, user);
    }

    db::MigrationLock lock(connection, options.lock_wait_timeout, io.cancellation, io.log);
    if (options.create_schemas) {
        table.ensure_schema(connection, true);
    }
    history.create_if_missing();
    refuse_unless_empty();  // another run may have migrated meanwhile
    detail::write_rows(connection, history, rows);
    const nlohmann::json fields{
        {"rows", rows.size()},
        {"version", peer ? nlohmann::json(nullptr) : nlohmann::json(options.version.text())},
        {"from", peer ? nlohmann::json(to_string(peer->tool)) : nlohmann::json(nullptr)}};
    if (peer) {
        log_event(io.log, spdlog::level::info, "baseline_finished", fields,
                  fmt::format("took over the history of {} ({}): {} written to {}; {} is left as "
                              "it was",
                              to_string(peer->tool), peer->table.display(),
                              plural(rows.size(), "row", "rows"), table.display(),
                              peer->table.display()));
    } else {
        log_event(
            io.log, spdlog::level::info, "baseline_finished", fields,
            fmt::format("baselined at version {}: {} marked as applied", options.version.text(),
                        plural(rows.size(), "history row", "history rows")));
    }
    BaselineResult result{rows.size(), std::move(rows), std::nullopt};
    for (const auto& row : result.written) {
        if (row.version && (!result.schema_version || *result.schema_version < *row.version)) {
            result.schema_version = row.version;
        }
    }
    return result;
}

RepairResult repair(db::Connection& connection, const script::MigrationSet& migrations,
                    std::chrono::milliseconds lock_wait_timeout, const Io& io,
                    const HistoryTableName& history_table) {
    RepairResult result;
    History history(connection, HistoryTable::resolve(connection, history_table));
    db::MigrationLock lock(connection, lock_wait_timeout, io.cancellation, io.log);
    if (!history.exists()) {
        io.log.info("nothing to repair: {} does not exist yet", history.table().display());
        return result;
    }
    Status status(migrations, history.read(), true, history.table().display());
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
            if (!row.checksum && is_baseline_type(row.type)) {
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
    const nlohmann::json fields{{"removed", result.removed.size()},
                                {"realigned", result.realigned.size()}};
    if (result.removed.empty() && result.realigned.empty()) {
        log_event(io.log, spdlog::level::info, "repair_finished", fields,
                  "nothing to repair: the history matches the files");
    } else {
        log_event(io.log, spdlog::level::info, "repair_finished", fields,
                  fmt::format("repaired {}: {} removed, {} realigned", history.table().display(),
                              result.removed.size(), result.realigned.size()));
    }
    return result;
}

}  // namespace deckhand::migrate
