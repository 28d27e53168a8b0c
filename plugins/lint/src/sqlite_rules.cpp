// The SQLite rules (see sqlite_rules.hpp), on an in-memory database that holds the schema the
// earlier scripts built.
#include "sqlite_rules.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

#include "skip_blanks.hpp"

namespace deckhand::lint::sqlite {

namespace {

struct Column {
    std::string name;
    std::string type;  // declared type, upper-cased
    bool not_null = false;
    std::optional<std::string> default_value;
    bool primary_key = false;
};

struct Table {
    std::vector<Column> columns;
    // Unique indexes (not the primary key's) by their columns ("a,b"), with a name: a rebuild
    // renames automatic indexes, so they are compared by what they cover.
    std::map<std::string, std::string> unique_indexes;
    // Foreign keys of this table: (referenced table, referenced column; "" for its key).
    std::vector<std::pair<std::string, std::string>> references;

    const Column* find(const std::string& name) const {
        for (const auto& column : columns) {
            if (column.name == name) {
                return &column;
            }
        }
        return nullptr;
    }
};

struct Catalog {
    std::map<std::string, Table> tables;
    std::set<std::string> views;
};

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string quoted(const std::string& name) {
    return "'" + name + "'";
}

// One prepared statement, finalized when it goes.
class Query {
  public:
    Query(sqlite3* db, const std::string& sql) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement_, nullptr) != SQLITE_OK) {
            throw std::runtime_error(sqlite3_errmsg(db));
        }
    }
    ~Query() { sqlite3_finalize(statement_); }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    bool step() { return sqlite3_step(statement_) == SQLITE_ROW; }
    std::string text(int column) const {
        const auto* value = sqlite3_column_text(statement_, column);
        return value == nullptr ? std::string() : reinterpret_cast<const char*>(value);
    }
    bool null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
    long integer(int column) const { return sqlite3_column_int64(statement_, column); }

  private:
    sqlite3_stmt* statement_ = nullptr;
};

std::string identifier(const std::string& name) {
    std::string quoted_name = "\"";
    for (char c : name) {
        quoted_name += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted_name + "\"";
}

}  // namespace

struct SqliteRules::Database {
    sqlite3* db = nullptr;

    Database() {
        if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
            throw std::runtime_error("cannot open an in-memory SQLite database");
        }
    }
    ~Database() { sqlite3_close(db); }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Catalog catalog() const {
        Catalog catalog;
        Query objects(db,
                      "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND "
                      "name NOT LIKE 'sqlite_%'");
        std::vector<std::string> tables;
        while (objects.step()) {
            if (objects.text(0) == "view") {
                catalog.views.insert(lower(objects.text(1)));
            } else {
                tables.push_back(objects.text(1));
            }
        }
        for (const auto& name : tables) {
            Table table;
            Query columns(db, "PRAGMA table_info(" + identifier(name) + ")");
            while (columns.step()) {
                Column column;
                column.name = lower(columns.text(1));
                column.type = upper(columns.text(2));
                column.not_null = columns.integer(3) != 0;
                if (!columns.null(4)) {
                    column.default_value = columns.text(4);
                }
                column.primary_key = columns.integer(5) != 0;
                table.columns.push_back(std::move(column));
            }
            Query keys(db, "PRAGMA foreign_key_list(" + identifier(name) + ")");
            while (keys.step()) {
                table.references.emplace_back(lower(keys.text(2)), lower(keys.text(4)));
            }
            Query indexes(db, "PRAGMA index_list(" + identifier(name) + ")");
            while (indexes.step()) {
                if (indexes.integer(2) != 0 && indexes.text(3) != "pk") {
                    const std::string index = indexes.text(1);
                    std::string covered;
                    Query info(db, "PRAGMA index_info(" + identifier(index) + ")");
                    while (info.step()) {
                        covered += (covered.empty() ? "" : ",") + lower(info.text(2));
                    }
                    table.unique_indexes.emplace(covered, lower(index));
                }
            }
            catalog.tables[lower(name)] = std::move(table);
        }
        return catalog;
    }
};

namespace {

struct Applied {
    std::size_t offset;
    std::string text;  // lower-cased, to find which statement touched a table
};

// Runs the script statement by statement; a statement SQLite refuses is a finding and ends the
// script, as it would end the migration.
std::vector<Applied> apply(sqlite3* db, const std::string& sql, RawFindings* out) {
    std::vector<Applied> applied;
    const char* begin = sql.c_str();
    const char* next = begin;
    while (*next != '\0') {
        sqlite3_stmt* statement = nullptr;
        const char* tail = nullptr;
        const int prepared = sqlite3_prepare_v2(db, next, -1, &statement, &tail);
        const auto offset = static_cast<std::size_t>(next - begin);
        if (prepared != SQLITE_OK) {
            if (out != nullptr) {
                const std::size_t at = skip_blanks(sql, offset);
                out->push_back(
                    {at, "syntax-error",
                     std::string("SQLite refuses the statement: ") + sqlite3_errmsg(db)});
            }
            sqlite3_finalize(statement);
            break;
        }
        if (statement == nullptr) {  // only whitespace or comments left
            break;
        }
        int stepped = SQLITE_ROW;
        while (stepped == SQLITE_ROW) {
            stepped = sqlite3_step(statement);
        }
        sqlite3_finalize(statement);
        const std::size_t first = skip_blanks(sql, offset);
        const auto end = static_cast<std::size_t>(tail - begin);
        std::string text = sql.substr(first, end > first ? end - first : 0);
        if (stepped != SQLITE_DONE) {
            if (out != nullptr) {
                out->push_back(
                    {first, "syntax-error",
                     std::string("SQLite refuses the statement: ") + sqlite3_errmsg(db)});
            }
            break;
        }
        applied.push_back({first, lower(text)});
        next = tail;
    }
    return applied;
}

bool mentions(const std::string& statement, const std::string& word) {
    std::size_t at = 0;
    while ((at = statement.find(word, at)) != std::string::npos) {
        const bool start_ok =
            at == 0 || !(std::isalnum(static_cast<unsigned char>(statement[at - 1])) ||
                         statement[at - 1] == '_');
        const std::size_t end = at + word.size();
        const bool end_ok =
            end >= statement.size() ||
            !(std::isalnum(static_cast<unsigned char>(statement[end])) || statement[end] == '_');
        if (start_ok && end_ok) {
            return true;
        }
        at = end;
    }
    return false;
}

// Where a finding about `table` (and `column`) points: the first statement that names both, else
// the first that names the table, else the script's first statement.
std::size_t where(const std::vector<Applied>& applied, const std::string& table,
                  const std::string& column = {}) {
    if (!column.empty()) {
        for (const auto& statement : applied) {
            if (mentions(statement.text, table) && mentions(statement.text, column)) {
                return statement.offset;
            }
        }
    }
    for (const auto& statement : applied) {
        if (mentions(statement.text, table)) {
            return statement.offset;
        }
    }
    return applied.empty() ? 0 : applied.front().offset;
}

bool same_columns(const Table& a, const Table& b) {
    if (a.columns.size() != b.columns.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.columns.size(); ++i) {
        if (a.columns[i].name != b.columns[i].name) {
            return false;
        }
    }
    return true;
}

}  // namespace

SqliteRules::SqliteRules() : database_(std::make_unique<Database>()) {}
SqliteRules::~SqliteRules() = default;

void SqliteRules::check(const Script& script, RawFindings& out) {
    if (!script.is_new) {
        apply(database_->db, script.text, nullptr);
        return;
    }
    const Catalog before = database_->catalog();
    const auto applied = apply(database_->db, script.text, &out);
    const Catalog after = database_->catalog();
    for (const auto& [name, table] : after.tables) {
        if (before.tables.count(name) == 0) {
            new_tables_.insert(name);
        }
    }
    const bool breaking = !script.post;
    for (const auto& [name, old] : before.tables) {
        if (new_tables_.count(name) > 0) {
            continue;
        }
        auto now = after.tables.find(name);
        if (now == after.tables.end()) {
            if (!breaking || after.views.count(name) > 0) {
                continue;
            }
            std::string renamed_to;
            for (const auto& [other, table] : after.tables) {
                if (before.tables.count(other) == 0 && same_columns(old, table)) {
                    renamed_to = other;
                }
            }
            if (!renamed_to.empty()) {
                out.push_back({where(applied, name), "rename-table",
                               "RENAME of existing table " + quoted(name) + " to " + renamed_to +
                                   " with no view keeping the old name"});
            } else {
                out.push_back({where(applied, name), "drop-table",
                               "existing table " + quoted(name) + " is dropped"});
            }
            continue;
        }
        const Table& table = now->second;
        // Columns the previous version knows, in their old order, as they are now.
        std::vector<std::string> kept;
        for (std::size_t i = 0; i < old.columns.size(); ++i) {
            const Column& column = old.columns[i];
            const Column* current = table.find(column.name);
            if (current == nullptr) {
                if (!breaking) {
                    continue;
                }
                const bool renamed = i < table.columns.size() &&
                                     old.find(table.columns[i].name) == nullptr &&
                                     table.columns[i].type == column.type;
                if (renamed) {
                    out.push_back({where(applied, name, column.name), "rename-column",
                                   "column " + name + "." + column.name + " is renamed to " +
                                       table.columns[i].name});
                    continue;
                }
                out.push_back({where(applied, name, column.name), "drop-column",
                               "column " + column.name + " of existing table " + quoted(name) +
                                   " is dropped"});
                for (const auto& [other, other_table] : before.tables) {
                    for (const auto& [target, target_column] : other_table.references) {
                        const bool references_it =
                            target == name && (target_column == column.name ||
                                               (target_column.empty() && column.primary_key));
                        if (other != name && references_it) {
                            out.push_back(
                                {where(applied, name, column.name), "drop-referenced-column",
                                 "column " + name + "." + column.name +
                                     " is referenced by a foreign key of " + quoted(other)});
                        }
                    }
                }
                continue;
            }
            kept.push_back(column.name);
            if (current->type != column.type && breaking) {
                out.push_back({where(applied, name, column.name), "change-column-type",
                               "column " + name + "." + column.name + " changes type from " +
                                   (column.type.empty() ? "none" : column.type) + " to " +
                                   (current->type.empty() ? "none" : current->type)});
            }
            if (column.default_value && !current->default_value && breaking) {
                out.push_back({where(applied, name, column.name), "drop-default",
                               "the DEFAULT of " + name + "." + column.name + " is dropped"});
            }
            if (!column.not_null && current->not_null && !current->default_value &&
                !current->primary_key) {
                out.push_back(
                    {where(applied, name, column.name), "not-null-without-default",
                     "column " + name + "." + column.name + " becomes NOT NULL without a DEFAULT"});
            }
        }
        std::vector<std::string> order;
        for (const auto& column : table.columns) {
            if (old.find(column.name) != nullptr) {
                order.push_back(column.name);
            }
        }
        if (order != kept && breaking) {
            out.push_back(
                {where(applied, name), "rebuild-reorders-columns",
                 "the rebuild of " + quoted(name) + " puts the existing columns in another order"});
        }
        for (const auto& column : table.columns) {
            if (old.find(column.name) == nullptr && column.not_null && !column.default_value &&
                !column.primary_key) {
                out.push_back({where(applied, name, column.name), "not-null-without-default",
                               "new column " + name + "." + column.name +
                                   " is NOT NULL without a DEFAULT on an existing table"});
            }
        }
        for (const auto& [covered, index] : table.unique_indexes) {
            if (old.unique_indexes.count(covered) == 0 && breaking) {
                const bool automatic = index.rfind("sqlite_autoindex", 0) == 0;
                out.push_back({where(applied, automatic ? name : index), "new-unique-or-check",
                               "a unique index on " + name + " (" + covered + ")" +
                                   " on an existing table" +
                                   " may refuse rows the previous version writes"});
            }
        }
    }
    for (const auto& view : before.views) {
        if (after.views.count(view) == 0 && breaking) {
            out.push_back({where(applied, view), "drop-view",
                           "view " + view + " is dropped and not created again"});
        }
    }
}

}  // namespace deckhand::lint::sqlite
