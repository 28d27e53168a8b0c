// The schema history table (deckhand_schema_history unless --history-table says otherwise): one
// row per applied (or failed) script, in the target database itself, so the database says what
// it holds. Created on first use with the column types of the connection's dialect.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/db/connection.hpp"
#include "deckhand/migrate/history_table.hpp"
#include "deckhand/script/migration_set.hpp"
#include "deckhand/script/script_name.hpp"

namespace deckhand::migrate {

// The type column: how a row came to be.
inline constexpr std::string_view type_sql = "SQL";            // a script that ran
inline constexpr std::string_view type_baseline = "BASELINE";  // adopted by `deckhand baseline`
// A B<version>__ script applied on an empty database in place of the V scripts it covers
// (Flyway's name for such rows).
inline constexpr std::string_view type_sql_baseline = "SQL_BASELINE";
// Not a row type: how status shows undo scripts (Flyway's name), which never run.
inline constexpr std::string_view type_undo_sql = "UNDO_SQL";

// Whether a row of this type stands for the schema as it was before (so scripts at or below its
// version count as below the baseline): deckhand's BASELINE, and the baseline types of Flyway
// rows taken over with `baseline --from flyway` (SQL_BASELINE: a B script; JDBC_BASELINE).
constexpr bool is_baseline_type(std::string_view type) noexcept {
    return type == type_baseline || type == "SQL_BASELINE" || type == "JDBC_BASELINE";
}

struct HistoryRow {
    std::int64_t installed_rank = 0;         // 1, 2, ... in the order rows were written
    std::optional<script::Version> version;  // none for repeatables
    std::string description;
    std::string type{type_sql};
    std::string script;                   // e.g. "postgres/V3__index.sql"
    std::optional<std::string> checksum;  // none for the baseline marker row
    std::string installed_by;
    std::string installed_on;  // ISO 8601 UTC, "2026-01-31T12:00:00.123Z"
    std::int64_t execution_time_ms = 0;
    bool success = true;
    script::Phase phase = script::Phase::pre;

    bool versioned() const noexcept { return version.has_value(); }
};

// The row that records `migration` as applied by `installed_by` with `type` (rank, time and
// outcome left to the caller).
HistoryRow history_row_for(const script::Migration& migration, std::string_view type,
                           const std::string& installed_by);

// The CREATE TABLE IF NOT EXISTS statement of the table on `dialect` ("postgres", "sqlite";
// standard SQL for any other), without a trailing semicolon. `table_sql`: the table's name as
// SQL writes it (HistoryTable::sql()).
std::string create_history_table_sql(std::string_view dialect,
                                     std::string_view table_sql = default_history_table);

// One history row's INSERT: its SQL and parameters.
struct HistoryInsert {
    std::string sql;
    std::vector<db::Value> params;

    db::BatchQuery query() const { return {&sql, &params}; }
};

// Reads and writes the table through one connection; the statements are built once per table,
// so a driver's prepared-statement cache serves every repeat.
class History {
  public:
    History(db::Connection& connection, HistoryTable table);

    const HistoryTable& table() const noexcept { return table_; }

    // Whether the table exists (read-only: status never creates it).
    bool exists();
    // CREATE TABLE IF NOT EXISTS; call while holding the migration lock, outside a transaction.
    void create_if_missing();
    // Every row in installed_rank order; the table must exist.
    std::vector<HistoryRow> read();

    // Appends a row (row.installed_rank is used as given; installed_on is the server's clock).
    void insert(const HistoryRow& row);
    // The same as a statement, to run in a batch (db::Connection::query_batch) with the session
    // restore before it and the commit after it, in one round trip.
    HistoryInsert insert_statement(const HistoryRow& row) const;
    // Removes rows of scripts that failed part-way; returns how many.
    std::int64_t delete_failed();
    // Sets checksum, description and script of the row at `installed_rank`.
    void realign(std::int64_t installed_rank, const std::string& checksum,
                 const std::string& description, const std::string& script);

  private:
    db::Connection& connection_;
    HistoryTable table_;
    std::string count_sql_;
    std::string select_sql_;
    std::string insert_sql_;
};

}  // namespace deckhand::migrate
