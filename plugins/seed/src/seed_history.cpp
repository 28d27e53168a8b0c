// The seed history table's SQL per dialect.
#include "deckhand/seed/seed_history.hpp"

#include <charconv>

namespace deckhand::seed {
namespace {

// The columns after "CREATE TABLE IF NOT EXISTS <table> (", per dialect.
const char* const postgres_columns =
    "    script text PRIMARY KEY,\n"
    "    checksum text NOT NULL,\n"
    "    applied_on timestamptz NOT NULL DEFAULT now(),\n"
    "    execution_time integer NOT NULL,\n"
    "    applied_by text NOT NULL\n"
    ")";

const char* const sqlite_columns =
    "    script TEXT PRIMARY KEY,\n"
    "    checksum TEXT NOT NULL,\n"
    "    applied_on TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),\n"
    "    execution_time INTEGER NOT NULL,\n"
    "    applied_by TEXT NOT NULL\n"
    ")";

const char* const generic_columns =
    "    script varchar(1000) PRIMARY KEY,\n"
    "    checksum varchar(64) NOT NULL,\n"
    "    applied_on timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
    "    execution_time integer NOT NULL,\n"
    "    applied_by varchar(100) NOT NULL\n"
    ")";

std::string select_rows(const HistorySibling& table) {
    const std::string applied_on =
        table.dialect == "postgres"
            ? "to_char(applied_on AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
            : "applied_on";
    return "SELECT script, checksum, " + applied_on + ", execution_time, applied_by FROM " +
           table.sql + " ORDER BY script";
}

std::string record_sql(const HistorySibling& table) {
    // Both SQLite (3.24+) and PostgreSQL know ON CONFLICT; the applied_on default is the
    // server's clock, which the update sets again.
    const std::string now =
        table.dialect == "sqlite" ? "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" : "CURRENT_TIMESTAMP";
    return "INSERT INTO " + table.sql +
           " (script, checksum, execution_time, applied_by) "
           "VALUES ($1, $2, $3, $4) ON CONFLICT (script) DO UPDATE SET checksum = "
           "excluded.checksum, execution_time = excluded.execution_time, applied_by = "
           "excluded.applied_by, applied_on = " +
           now;
}

std::int64_t to_int(const db::Field& field) {
    std::int64_t value = 0;
    if (field) {
        std::from_chars(field->data(), field->data() + field->size(), value);
    }
    return value;
}

}  // namespace

SeedHistory::SeedHistory(db::Connection& connection, HistorySibling table)
    : connection_(connection),
      table_(std::move(table)),
      select_sql_(select_rows(table_)),
      record_sql_(record_sql(table_)) {}

bool SeedHistory::exists() {
    return table_.exists(connection_);
}

void SeedHistory::create_if_missing() {
    if (exists()) {
        return;  // so that PostgreSQL logs no "already exists" notice
    }
    const std::string& dialect = table_.dialect;
    connection_.execute_script("CREATE TABLE IF NOT EXISTS " + table_.sql + " (\n" +
                               (dialect == "postgres" ? postgres_columns
                                : dialect == "sqlite" ? sqlite_columns
                                                      : generic_columns));
}

std::map<std::string, SeedRow> SeedHistory::read() {
    std::map<std::string, SeedRow> rows;
    auto result = connection_.query(select_sql_);
    for (auto& fields : result.rows) {
        if (fields.size() < 5) {
            continue;
        }
        SeedRow row;
        row.script = std::move(fields[0]).value_or("");
        row.checksum = std::move(fields[1]).value_or("");
        row.applied_on = std::move(fields[2]).value_or("");
        row.execution_time_ms = to_int(fields[3]);
        row.applied_by = std::move(fields[4]).value_or("");
        std::string key = row.script;
        rows.emplace(std::move(key), std::move(row));
    }
    return rows;
}

void SeedHistory::record(const std::string& script, const std::string& checksum,
                         std::int64_t execution_time_ms, const std::string& applied_by) {
    connection_.query(record_sql_, {db::Value(script), db::Value(checksum),
                                    db::Value(execution_time_ms), db::Value(applied_by)});
}

}  // namespace deckhand::seed
