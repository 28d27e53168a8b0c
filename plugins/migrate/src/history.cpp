// The history table's SQL per dialect, and the conversions between its rows and HistoryRow.
#include "deckhand/migrate/history.hpp"

#include <charconv>

#include "deckhand/db/errors.hpp"
#include "epoch_text.hpp"

namespace deckhand::migrate {
namespace {

// The columns after "CREATE TABLE IF NOT EXISTS <table> (", per dialect.
const char* const postgres_columns =
    "    installed_rank integer PRIMARY KEY,\n"
    "    version text,\n"
    "    description text NOT NULL,\n"
    "    type text NOT NULL,\n"
    "    script text NOT NULL,\n"
    "    checksum text,\n"
    "    installed_by text NOT NULL,\n"
    "    installed_on timestamptz NOT NULL DEFAULT now(),\n"
    "    execution_time integer NOT NULL,\n"
    "    success boolean NOT NULL,\n"
    "    phase text NOT NULL DEFAULT 'pre'\n"
    ")";

const char* const sqlite_columns =
    "    installed_rank INTEGER PRIMARY KEY,\n"
    "    version TEXT,\n"
    "    description TEXT NOT NULL,\n"
    "    type TEXT NOT NULL,\n"
    "    script TEXT NOT NULL,\n"
    "    checksum TEXT,\n"
    "    installed_by TEXT NOT NULL,\n"
    "    installed_on TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),\n"
    "    execution_time INTEGER NOT NULL,\n"
    "    success INTEGER NOT NULL,\n"
    "    phase TEXT NOT NULL DEFAULT 'pre'\n"
    ")";

// Standard SQL, for third-party dialects.
const char* const generic_columns =
    "    installed_rank integer PRIMARY KEY,\n"
    "    version varchar(100),\n"
    "    description varchar(1000) NOT NULL,\n"
    "    type varchar(20) NOT NULL,\n"
    "    script varchar(1000) NOT NULL,\n"
    "    checksum varchar(64),\n"
    "    installed_by varchar(100) NOT NULL,\n"
    "    installed_on timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
    "    execution_time integer NOT NULL,\n"
    "    success boolean NOT NULL,\n"
    "    phase varchar(4) NOT NULL DEFAULT 'pre'\n"
    ")";

std::string select_rows(const HistoryTable& table) {
    // PostgreSQL: installed_on as epoch seconds, which read() writes as ISO 8601 UTC (whatever
    // the session's time zone and DateStyle); to_char on the server cost more than the rows.
    // SQLite stores the ISO text itself.
    const std::string installed_on =
        table.dialect() == "postgres" ? "date_part('epoch', installed_on)" : "installed_on";
    return "SELECT installed_rank, version, description, type, script, checksum, installed_by, " +
           installed_on + ", execution_time, CASE WHEN success THEN 1 ELSE 0 END, phase FROM " +
           table.sql() + " ORDER BY installed_rank";
}

const char* const insert_columns =
    " (installed_rank, version, description, type, script, checksum, installed_by, "
    "execution_time, success, phase";

std::int64_t to_int(const db::FieldView& field) {
    std::int64_t value = 0;
    if (field) {
        std::from_chars(field->data(), field->data() + field->size(), value);
    }
    return value;
}

}  // namespace

HistoryRow history_row_for(const script::Migration& migration, std::string_view type,
                           const std::string& installed_by) {
    HistoryRow row;
    if (migration.kind != script::ScriptKind::repeatable) {  // versioned and baseline scripts
        row.version = migration.version;
    }
    row.description = migration.description;
    row.type = std::string(type);
    row.script = migration.script;
    row.checksum = migration.checksum;
    row.installed_by = installed_by;
    row.phase = migration.phase;
    return row;
}

std::string create_history_table_sql(std::string_view dialect, std::string_view table_sql) {
    const char* columns = dialect == "postgres" ? postgres_columns
                          : dialect == "sqlite" ? sqlite_columns
                                                : generic_columns;
    return "CREATE TABLE IF NOT EXISTS " + std::string(table_sql) + " (\n" + columns;
}

History::History(db::Connection& connection, HistoryTable table)
    : connection_(connection),
      table_(std::move(table)),
      count_sql_("SELECT count(*) FROM " + table_.sql()),
      select_sql_(select_rows(table_)),
      insert_sql_("INSERT INTO " + table_.sql() + insert_columns +
                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)") {}

bool History::exists() {
    return table_.exists(connection_);
}

void History::create_if_missing() {
    // Checked first (the caller holds the lock) so that PostgreSQL logs no "already exists" notice.
    if (exists()) {
        return;
    }
    connection_.execute_script(create_history_table_sql(table_.dialect(), table_.sql()));
}

std::vector<HistoryRow> History::read() {
    // Rows are built straight from the driver's views: collected as strings first, ten thousand
    // rows were a hundred thousand allocations before the first HistoryRow.
    std::vector<HistoryRow> rows;
    // Sized first (a hint: rows may be added meanwhile): growing a vector of ten thousand
    // rows step by step touched three times the memory, most of status's page faults.
    connection_.query_each(count_sql_, {}, [&](db::RowView fields) {
        if (const auto count = to_int(fields.empty() ? db::FieldView() : fields[0]); count > 0) {
            rows.reserve(static_cast<std::size_t>(count));
        }
    });
    const bool epoch_installed_on = table_.dialect() == "postgres";
    auto text = [](const db::FieldView& field) {
        return field ? std::string(*field) : std::string();
    };
    connection_.query_each(select_sql_, {}, [&](db::RowView fields) {
        if (fields.size() < 11) {
            throw WorkFailed(table_.display() + " returned fewer columns than expected");
        }
        HistoryRow& row = rows.emplace_back();
        row.installed_rank = to_int(fields[0]);
        if (fields[1]) {
            script::Version version;
            if (!script::Version::try_parse(*fields[1], version)) {
                throw WorkFailed(table_.display() + " row " + std::to_string(row.installed_rank) +
                                 " holds the version '" + std::string(*fields[1]) +
                                 "', which is not a version");
            }
            row.version = std::move(version);
        }
        row.description = text(fields[2]);
        row.type = text(fields[3]);
        row.script = text(fields[4]);
        if (fields[5]) {
            row.checksum.emplace(*fields[5]);
        }
        row.installed_by = text(fields[6]);
        if (epoch_installed_on && fields[7]) {
            auto shown = iso8601_from_epoch_seconds(*fields[7]);
            row.installed_on = shown ? std::move(*shown) : text(fields[7]);
        } else {
            row.installed_on = text(fields[7]);
        }
        row.execution_time_ms = to_int(fields[8]);
        row.success = to_int(fields[9]) != 0;
        row.phase = fields[10] && *fields[10] == "post" ? script::Phase::post : script::Phase::pre;
    });
    return rows;
}

HistoryInsert History::insert_statement(const HistoryRow& row) const {
    auto optional_text = [](const std::optional<std::string>& text) -> db::Value {
        return text ? db::Value(*text) : db::Value(std::monostate());
    };
    HistoryInsert insert{
        insert_sql_,
        {db::Value(row.installed_rank),
         row.version ? db::Value(row.version->text()) : db::Value(std::monostate()),
         db::Value(row.description), db::Value(row.type), db::Value(row.script),
         optional_text(row.checksum), db::Value(row.installed_by), db::Value(row.execution_time_ms),
         db::Value(row.success), db::Value(std::string(script::to_string(row.phase)))}};
    if (!row.installed_on.empty()) {
        // A row taken over from another tool keeps the time it was applied (ISO 8601, which both
        // PostgreSQL's timestamptz input and SQLite's stored text accept).
        insert.params.emplace_back(row.installed_on);
        insert.sql = "INSERT INTO " + table_.sql() + insert_columns +
                     ", installed_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    }
    return insert;
}

void History::insert(const HistoryRow& row) {
    const HistoryInsert insert = insert_statement(row);
    connection_.query(insert.sql, insert.params);
}

std::int64_t History::delete_failed() {
    return connection_.query("DELETE FROM " + table_.sql() + " WHERE NOT success").affected_rows;
}

void History::realign(std::int64_t installed_rank, const std::string& checksum,
                      const std::string& description, const std::string& script) {
    connection_.query("UPDATE " + table_.sql() +
                          " SET checksum = $1, description = $2, script = $3 WHERE "
                          "installed_rank = $4",
                      {db::Value(checksum), db::Value(description), db::Value(script),
                       db::Value(installed_rank)});
}

}  // namespace deckhand::migrate
