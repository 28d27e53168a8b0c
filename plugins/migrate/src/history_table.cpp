// Parsing the configured history table name, and finding it on a connection.
#include "deckhand/migrate/history_table.hpp"

#include <charconv>
#include <optional>

#include "deckhand/errors.hpp"

namespace deckhand::migrate {
namespace {

// PostgreSQL keeps NAMEDATALEN - 1 bytes of a name and silently drops the rest; a longer name
// would make two configurations meet in one table.
constexpr std::size_t max_identifier_bytes = 63;

bool starts_identifier(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool continues_identifier(char c) {
    return starts_identifier(c) || (c >= '0' && c <= '9') || c == '$';
}

// Reads one part at `pos`: an unquoted identifier (folded to lower case) or a double-quoted
// one; returns nothing when there is none there.
std::optional<std::string> read_part(std::string_view text, std::size_t& pos) {
    std::string out;
    if (pos < text.size() && text[pos] == '"') {
        for (++pos; pos < text.size(); ++pos) {
            const char c = text[pos];
            if (c == '"') {
                if (pos + 1 < text.size() && text[pos + 1] == '"') {
                    out += '"';
                    ++pos;
                    continue;
                }
                ++pos;
                if (out.empty()) {
                    return std::nullopt;
                }
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                return std::nullopt;  // a control character: never what a user meant
            }
            out += c;
        }
        return std::nullopt;  // no closing quote
    }
    if (pos >= text.size() || !starts_identifier(text[pos])) {
        return std::nullopt;
    }
    for (; pos < text.size() && continues_identifier(text[pos]); ++pos) {
        const char c = text[pos];
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

bool plain(std::string_view identifier) {
    if (identifier.empty() || !starts_identifier(identifier.front())) {
        return false;
    }
    for (char c : identifier) {
        if (!continues_identifier(c) || (c >= 'A' && c <= 'Z')) {
            return false;
        }
    }
    return true;
}

std::string shown(std::string_view identifier) {
    return plain(identifier) ? std::string(identifier) : quote_identifier(identifier);
}

std::string named(const std::string& origin, std::string_view text) {
    return (origin.empty() ? std::string("the history table") : origin) + " '" + std::string(text) +
           "'";
}

std::int64_t count_of(const db::ResultSet& result) {
    std::int64_t value = 0;
    if (!result.rows.empty() && !result.rows[0].empty() && result.rows[0][0]) {
        const auto& text = *result.rows[0][0];
        std::from_chars(text.data(), text.data() + text.size(), value);
    }
    return value;
}

}  // namespace

std::string quote_identifier(std::string_view identifier) {
    std::string out = "\"";
    for (char c : identifier) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

HistoryTableName HistoryTableName::parse(std::string_view text, std::string origin) {
    std::vector<std::string> parts;
    std::size_t pos = 0;
    while (true) {
        auto part = read_part(text, pos);
        if (!part) {
            throw ConfigError(
                named(origin, text) +
                " is not a table name: write letters, digits, '_' and '$' (not starting with a "
                "digit), or put the name in double quotes; on PostgreSQL a schema may come "
                "first, as in app.deckhand_schema_history");
        }
        if (part->size() > max_identifier_bytes) {
            throw ConfigError(named(origin, text) + ": '" + *part + "' is longer than " +
                              std::to_string(max_identifier_bytes) +
                              " bytes, which PostgreSQL would cut short");
        }
        parts.push_back(std::move(*part));
        if (pos == text.size()) {
            break;
        }
        if (text[pos] != '.' || parts.size() == 2) {
            throw ConfigError(named(origin, text) +
                              " is not a table name: give table or schema.table, with nothing "
                              "else around it (use double quotes for other characters)");
        }
        ++pos;
    }
    HistoryTableName name;
    name.origin = std::move(origin);
    name.table = parts.back();
    if (parts.size() == 2) {
        name.schema = parts.front();
    }
    return name;
}

std::string HistoryTableName::display() const {
    return schema.empty() ? shown(table) : shown(schema) + "." + shown(table);
}

HistoryTableName history_table_name(const Config& config) {
    return HistoryTableName::parse(config.history_table, config.history_table_origin);
}

HistoryTable::HistoryTable(std::string dialect, std::string schema, std::string table)
    : dialect_(std::move(dialect)), schema_(std::move(schema)), table_(std::move(table)) {
    sql_ = schema_.empty() ? quote_identifier(table_)
                           : quote_identifier(schema_) + "." + quote_identifier(table_);
    display_ = schema_.empty() ? shown(table_) : shown(schema_) + "." + shown(table_);
}

HistoryTable HistoryTable::resolve(db::Connection& connection, const HistoryTableName& name) {
    std::string dialect = connection.dialect();
    if (dialect == "sqlite") {
        if (!name.schema.empty()) {
            throw ConfigError(named(name.origin, name.display()) + " names a schema (" +
                              name.schema +
                              "), but SQLite has none: give the table name alone on SQLite");
        }
        return HistoryTable(std::move(dialect), {}, name.table);
    }
    if (dialect != "postgres" || !name.schema.empty()) {
        return HistoryTable(std::move(dialect), name.schema, name.table);
    }
    // Resolved now, before any script runs: a script's SET search_path must not move it.
    auto result = connection.query("SELECT current_schema(), current_setting('search_path')");
    const auto& row = result.rows.at(0);
    if (!row.at(0)) {
        throw ConfigError("the session's search_path (" + row.at(1).value_or("") +
                          ") names no schema that exists, so deckhand cannot tell where its "
                          "history table " +
                          name.display() +
                          " belongs: fix search_path, or give --history-table schema.table");
    }
    return HistoryTable(std::move(dialect), *row[0], name.table);
}

HistoryTable HistoryTable::sibling(std::string table) const {
    return HistoryTable(dialect_, schema_, std::move(table));
}

HistoryTable HistoryTable::seed_history() const {
    if (table_ == default_history_table) {
        return sibling("deckhand_seed_history");
    }
    if (table_.size() + 5 > max_identifier_bytes) {
        throw ConfigError("the seed history table of " + display_ + " would be named " + table_ +
                          "_seed, longer than " + std::to_string(max_identifier_bytes) +
                          " bytes: choose a shorter --history-table");
    }
    return sibling(table_ + "_seed");
}

bool HistoryTable::exists(db::Connection& connection) const {
    if (dialect_ == "postgres") {
        static const std::string sql =
            "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
            "c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')";
        return count_of(connection.query(sql, {db::Value(schema_), db::Value(table_)})) > 0;
    }
    if (dialect_ == "sqlite") {
        // SQLite matches names without regard to ASCII case, and so does this.
        static const std::string sql =
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1 COLLATE NOCASE";
        return count_of(connection.query(sql, {db::Value(table_)})) > 0;
    }
    if (schema_.empty()) {
        static const std::string sql =
            "SELECT count(*) FROM information_schema.tables WHERE table_name = $1";
        return count_of(connection.query(sql, {db::Value(table_)})) > 0;
    }
    static const std::string sql =
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = "
        "$2";
    return count_of(connection.query(sql, {db::Value(schema_), db::Value(table_)})) > 0;
}

bool HistoryTable::schema_exists(db::Connection& connection) const {
    if (schema_.empty() || dialect_ == "sqlite") {
        return true;
    }
    static const std::string postgres =
        "SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = $1";
    static const std::string generic =
        "SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1";
    return count_of(connection.query(dialect_ == "postgres" ? postgres : generic,
                                     {db::Value(schema_)})) > 0;
}

void HistoryTable::ensure_schema(db::Connection& connection, bool create) const {
    if (schema_exists(connection)) {
        return;
    }
    if (!create) {
        throw ConfigError("the schema " + shown(schema_) + " of the history table " + display_ +
                          " does not exist: create it, or pass --create-schemas to let deckhand "
                          "create it");
    }
    connection.execute_script("CREATE SCHEMA IF NOT EXISTS " + quote_identifier(schema_));
}

}  // namespace deckhand::migrate
