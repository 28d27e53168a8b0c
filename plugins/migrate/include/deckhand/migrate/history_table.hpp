// Where the schema history lives: the table name a user configures (--history-table,
// DECKHAND_HISTORY_TABLE; `schema.table` on PostgreSQL), checked as SQL identifiers once, and
// the table as one connection finds it — on PostgreSQL always in a named schema, fixed when a
// command starts, so that a script's `SET search_path` can never move deckhand's history.
//
// Names never reach SQL as typed: each part is an identifier checked here and written quoted
// ("app"."history"), or is bound as a parameter.
#pragma once

#include <string>
#include <string_view>

#include "deckhand/config.hpp"
#include "deckhand/db/connection.hpp"

namespace deckhand::migrate {

inline constexpr std::string_view default_history_table = "deckhand_schema_history";

// "name" → "\"name\"", with embedded double quotes doubled: valid on PostgreSQL and SQLite.
std::string quote_identifier(std::string_view identifier);

// The table as configured. Each part is stored as the database stores the name: unquoted
// names folded to lower case (as PostgreSQL folds them), quoted ones exactly as written.
struct HistoryTableName {
    std::string schema;  // empty: the connection's current schema
    std::string table{default_history_table};
    std::string origin;  // the flag or variable it came from, for errors; empty for the default

    // `text`: `table`, `schema.table`, either part in double quotes ("My App"."history").
    // Throws ConfigError naming `origin` and the text when it is not such a name.
    static HistoryTableName parse(std::string_view text, std::string origin);
    bool is_default() const noexcept { return schema.empty() && table == default_history_table; }
    // schema.table as a user writes it (quoted only where a part needs it).
    std::string display() const;
};

// The name configured by --history-table / DECKHAND_HISTORY_TABLE (throws ConfigError).
HistoryTableName history_table_name(const Config& config);

// The table on one connection, resolved once.
class HistoryTable {
  public:
    // PostgreSQL: the configured schema, or the session's current_schema() now (ConfigError
    // when the search_path names no existing schema). SQLite has no schemas: one given is a
    // ConfigError naming the flag. Other dialects: the name as given.
    static HistoryTable resolve(db::Connection& connection, const HistoryTableName& name);

    // The same schema, another table (the seed history beside the schema history).
    HistoryTable sibling(std::string table) const;
    // The seed history that goes with this schema history: deckhand_seed_history beside the
    // default table, <table>_seed beside any other, so that apps sharing a schema keep apart.
    HistoryTable seed_history() const;

    const std::string& schema() const noexcept { return schema_; }  // empty on SQLite
    const std::string& table() const noexcept { return table_; }
    // The quoted, schema-qualified name for statements: "public"."deckhand_schema_history".
    const std::string& sql() const noexcept { return sql_; }
    // As messages show it: public.deckhand_schema_history.
    const std::string& display() const noexcept { return display_; }
    const std::string& dialect() const noexcept { return dialect_; }

    // Whether the table exists (reads the catalog; creates nothing).
    bool exists(db::Connection& connection) const;
    // Whether the schema exists (true where there are no schemas).
    bool schema_exists(db::Connection& connection) const;
    // Makes sure the schema exists before the table is created: creates it when `create`
    // (--create-schemas), else throws ConfigError naming the schema and the way out.
    void ensure_schema(db::Connection& connection, bool create) const;

  private:
    HistoryTable(std::string dialect, std::string schema, std::string table);

    std::string dialect_;
    std::string schema_;
    std::string table_;
    std::string sql_;
    std::string display_;
};

}  // namespace deckhand::migrate
