// Where a database stands against a migrations folder: every script and every history row
// merged into one list with a state, and the question other plugins ask ("does this database
// hold every migration of this phase that this build ships?").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/db/connection.hpp"
#include "deckhand/migrate/history.hpp"
#include "deckhand/script/migration_set.hpp"

namespace deckhand::migrate {

enum class MigrationState {
    applied,         // in the history, checksum matches the file
    pending,         // not applied yet (or a repeatable whose file changed since)
    failed,          // recorded as failed part-way; `repair` removes the row
    changed,         // applied, but the file differs now (checksum mismatch)
    missing,         // applied, but this build has no such file (a newer build applied it)
    out_of_order,    // not applied, yet older than the newest applied version of its phase
    below_baseline,  // older than a baseline: the database had it before deckhand came, or a
                     // B script stands for it
    ignored,         // a B script that migrate does not use: the database has a history
    available,       // an undo script: recognised and listed, never run by migrate
};

std::string_view to_string(MigrationState state) noexcept;
// States that make the schema not current (a run of migrate has work or refuses).
constexpr bool blocks_current(MigrationState state) noexcept {
    return state == MigrationState::pending || state == MigrationState::failed ||
           state == MigrationState::changed || state == MigrationState::out_of_order;
}

// One line of status. It points into the MigrationSet and the Status it came from (no copies:
// status on ten thousand migrations must stay fast), so it lives no longer than they do.
struct StatusEntry {
    script::ScriptKind kind = script::ScriptKind::versioned;
    const script::Version* version = nullptr;  // none for repeatables
    std::string_view description;
    std::string_view type = type_sql;  // the history row's, or SQL (SQL_BASELINE, UNDO_SQL)
    script::Phase phase = script::Phase::pre;
    MigrationState state = MigrationState::pending;
    std::string_view script;                // the file's, or the history row's
    const std::string* checksum = nullptr;  // the file's; the history's when the file is missing
    const script::Migration* migration = nullptr;  // the file, if this build has it
    const HistoryRow* row = nullptr;               // the latest history row, if any

    // The history's checksum, when there is a row that has one.
    const std::string* applied_checksum() const noexcept {
        return row != nullptr && row->checksum ? &*row->checksum : nullptr;
    }
};

class Status {
  public:
    // Merges the folder and the history rows (as History::read returns them). Entries point
    // into `migrations`, which must outlive the Status. On a database without history rows,
    // the newest B script is the one migrate would apply, and the V scripts it covers are
    // below-baseline (migrate --target may pick an older one: see baseline_for).
    // `history_table`: the table as messages name it.
    Status(const script::MigrationSet& migrations, std::vector<HistoryRow> history,
           bool history_exists = true,
           std::string history_table = std::string(default_history_table));
    // Entries point into the history rows: a copy would point into the original.
    Status(const Status&) = delete;
    Status& operator=(const Status&) = delete;
    Status(Status&&) noexcept = default;
    Status& operator=(Status&&) noexcept = default;

    // Versioned, baseline and undo entries in version order (files and history rows alike), then
    // repeatables by description.
    const std::vector<StatusEntry>& entries() const noexcept { return entries_; }
    const std::vector<HistoryRow>& history() const noexcept { return history_; }
    bool history_exists() const noexcept { return history_exists_; }
    const std::string& history_table() const noexcept { return history_table_; }

    // True when no script of `phase` is pending, failed, changed or out of order.
    bool is_current(script::Phase phase) const noexcept;
    // The entries that keep `phase` from being current.
    std::vector<const StatusEntry*> outstanding(script::Phase phase) const;
    // The highest successfully applied version (of a phase, or of any with Phase::all).
    std::optional<script::Version> newest_applied(script::Phase phase = script::Phase::all) const;
    // The next installed_rank to write.
    std::int64_t next_rank() const noexcept { return next_rank_; }
    // The B script migrate applies in place of the V scripts it covers: on a database without
    // history rows, the newest at or below `target` (any, without one); else none.
    const script::Migration* baseline_for(const script::MigrationSet& migrations,
                                          const script::Version* target) const noexcept;

  private:
    void add_baselines_and_undos(const script::MigrationSet& migrations,
                                 const std::vector<const HistoryRow*>& baseline_rows,
                                 const script::Migration* chosen);
    static void add_row_only(std::vector<StatusEntry>& entries, const HistoryRow& row);

    std::vector<HistoryRow> history_;
    std::vector<StatusEntry> entries_;
    bool history_exists_ = true;
    std::string history_table_;
    std::int64_t next_rank_ = 1;
};

// Reads the history in `table` (creating nothing, holding no lock or transaction) and merges it.
Status read_status(db::Connection& connection, const script::MigrationSet& migrations,
                   const HistoryTable& table);
// The same for the configured name (--history-table), resolved on `connection` first.
Status read_status(db::Connection& connection, const script::MigrationSet& migrations,
                   const HistoryTableName& table = {});

// The question of init containers, wait-for-job, doctor and seed: does the database hold every
// migration of `phase` that `migrations` ships, applied as shipped? Missing files (applied by
// a newer build) do not count against it.
bool schema_is_current(db::Connection& connection, const script::MigrationSet& migrations,
                       script::Phase phase, const HistoryTableName& table = {});

}  // namespace deckhand::migrate
