// The PostgreSQL rules (see postgres_rules.hpp and rules.hpp for what each one means).
#include "postgres_rules.hpp"

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "skip_blanks.hpp"

namespace deckhand::lint::pg {

using nlohmann::json;

namespace {

const json& empty_object() {
    static const json object = json::object();
    return object;
}

const json& member(const json& node, std::string_view key) {
    if (!node.is_object()) {
        return empty_object();
    }
    auto found = node.find(key);
    return found == node.end() ? empty_object() : *found;
}

std::string text(const json& node, std::string_view key) {
    const json& value = member(node, key);
    return value.is_string() ? value.get<std::string>() : std::string();
}

bool flag(const json& node, std::string_view key) {
    const json& value = member(node, key);
    return value.is_boolean() && value.get<bool>();
}

std::size_t location(const json& node, std::size_t fallback) {
    const json& value = member(node, "location");
    return value.is_number_integer() && value.get<long>() >= 0 ? value.get<std::size_t>()
                                                               : fallback;
}

// The one key of a node such as {"CreateStmt": {...}}.
std::pair<std::string, const json*> kind_of(const json& node) {
    if (!node.is_object() || node.empty()) {
        return {std::string(), &empty_object()};
    }
    auto first = node.begin();
    return {first.key(), &first.value()};
}

// The last name of a qualified name list ([{"String": {"sval": "s"}}, {"String": ...}]).
std::string last_name(const json& names) {
    if (!names.is_array() || names.empty()) {
        return {};
    }
    return text(member(names.back(), "String"), "sval");
}

std::string quoted(const std::string& name) {
    return "'" + name + "'";
}

// A statement-level summary the look-aheads need: what a later statement of the script creates.
struct Creation {
    std::size_t index;
    std::string kind;  // "view", "table", "index"
    std::string name;
};

}  // namespace

class PostgresRules::Pass {
  public:
    Pass(PostgresRules& rules, const Script& script, RawFindings& out)
        : rules_(rules),
          script_(script),
          out_(out),
          report_(script.is_new),
          lock_timeout_on_(rules.options_.lock_timeout_in_force) {}

    void run(const json& statements) {
        collect_creations(statements);
        for (index_ = 0; index_ < statements.size(); ++index_) {
            const json& raw = statements[index_];
            start_ = member(raw, "stmt_location").is_number_integer()
                         ? raw["stmt_location"].get<std::size_t>()
                         : 0;
            auto [kind, node] = kind_of(member(raw, "stmt"));
            statement(kind, *node);
        }
    }

  private:
    void add(std::size_t offset, const char* rule, std::string message) {
        if (report_) {
            out_.push_back({offset, rule, std::move(message)});
        }
    }
    bool existing(const std::string& table) const { return rules_.new_tables_.count(table) == 0; }
    bool breaking_applies() const { return !script_.post; }
    bool retry_matters() const { return !script_.transactional; }
    bool created_later(const std::string& kind, const std::string& name) const {
        for (const auto& creation : creations_) {
            if (creation.index > index_ && creation.kind == kind && creation.name == name) {
                return true;
            }
        }
        return false;
    }
    bool dropped_if_exists_before(const std::string& index) const {
        return dropped_if_exists_.count(index) > 0;
    }

    void collect_creations(const json& statements) {
        for (std::size_t i = 0; i < statements.size(); ++i) {
            auto [kind, node] = kind_of(member(statements[i], "stmt"));
            if (kind == "ViewStmt") {
                creations_.push_back({i, "view", text(member(*node, "view"), "relname")});
            } else if (kind == "CreateTableAsStmt") {
                creations_.push_back(
                    {i, "view", text(member(member(*node, "into"), "rel"), "relname")});
            }
        }
    }

    // Takes an ACCESS EXCLUSIVE lock on an existing table: with no lock_timeout in force, the
    // application's queries queue behind it.
    void access_exclusive(const std::string& table, std::size_t offset) {
        if (!lock_timeout_on_ && existing(table)) {
            add(offset, "lock-timeout-missing",
                "this statement takes an ACCESS EXCLUSIVE lock on " + quoted(table) +
                    " with no lock_timeout in force");
        }
    }

    void statement(const std::string& kind, const json& node) {
        if (kind == "CreateStmt") {
            create_table(node);
        } else if (kind == "AlterTableStmt") {
            alter_table(node);
        } else if (kind == "IndexStmt") {
            create_index(node);
        } else if (kind == "DropStmt") {
            drop(node);
        } else if (kind == "RenameStmt") {
            rename(node);
        } else if (kind == "VariableSetStmt") {
            set_variable(node);
        } else if (kind == "VacuumStmt") {
            vacuum(node);
        } else if (kind == "ClusterStmt") {
            const std::string table = text(member(node, "relation"), "relname");
            add(location(member(node, "relation"), start_), "cluster",
                "CLUSTER " +
                    (table.empty() ? std::string("rewrites every clustered table")
                                   : "rewrites " + quoted(table)) +
                    " under an ACCESS EXCLUSIVE lock");
        } else if (kind == "TruncateStmt") {
            truncate(node);
        } else if (kind == "CreateSchemaStmt" || kind == "CreateSeqStmt") {
            if (retry_matters() && !flag(node, "if_not_exists")) {
                add(start_, "not-retryable",
                    std::string(kind == "CreateSchemaStmt" ? "CREATE SCHEMA" : "CREATE SEQUENCE") +
                        " without IF NOT EXISTS in a script that runs outside a transaction");
            }
        }
    }

    void column_types(const json& column) {
        const json& type_name = member(column, "typeName");
        if (type_name.empty()) {
            return;
        }
        hygiene(column_type(type_name), location(type_name, start_));
    }

    void hygiene(const ColumnType& type, std::size_t offset) {
        if (type.name == "json") {
            add(offset, "prefer-jsonb", "column of type json");
        } else if (type.name == "serial" || type.name == "bigserial" ||
                   type.name == "smallserial" || type.name == "serial4" || type.name == "serial8" ||
                   type.name == "serial2") {
            add(offset, "prefer-identity", "column of type " + type.name);
        } else if (type.name == "timestamp") {
            add(offset, "prefer-timestamptz", "column of type timestamp without time zone");
        } else if (type.name == "varchar" && !type.modifiers.empty()) {
            add(offset, "prefer-text", "column of type " + describe(type));
        }
    }

    void create_table(const json& node) {
        const std::string table = text(member(node, "relation"), "relname");
        if (script_.is_new) {
            rules_.new_tables_.insert(table);
        }
        auto& model = rules_.tables_[table];
        model.columns.clear();
        const json& elements = member(node, "tableElts");
        if (elements.is_array()) {
            for (const auto& element : elements) {
                const json& column = member(element, "ColumnDef");
                if (column.empty()) {
                    continue;
                }
                model.columns[text(column, "colname")] = column_type(member(column, "typeName"));
                column_types(column);
            }
        }
        if (retry_matters() && !flag(node, "if_not_exists")) {
            add(location(member(node, "relation"), start_), "not-retryable",
                "CREATE TABLE " + table +
                    " without IF NOT EXISTS in a script that runs outside a transaction");
        }
    }

    void alter_table(const json& node) {
        if (text(node, "objtype") != "OBJECT_TABLE") {
            return;
        }
        const json& relation = member(node, "relation");
        const std::string table = text(relation, "relname");
        const std::size_t table_at = location(relation, start_);
        const json& commands = member(node, "cmds");
        if (!commands.is_array()) {
            return;
        }
        bool exclusive = false;
        for (const auto& command_node : commands) {
            const json& command = member(command_node, "AlterTableCmd");
            const std::string subtype = text(command, "subtype");
            const std::string column = text(command, "name");
            if (subtype == "AT_AddColumn") {
                add_column(table, table_at, command);
                exclusive = true;
            } else if (subtype == "AT_DropColumn") {
                const std::string dropped = column;
                if (existing(table) && breaking_applies()) {
                    add(table_at, "drop-column",
                        "DROP COLUMN " + dropped + " of existing table " + quoted(table));
                }
                if (retry_matters() && !flag(command, "missing_ok")) {
                    add(table_at, "not-retryable",
                        "DROP COLUMN without IF EXISTS in a script that runs outside a "
                        "transaction");
                }
                rules_.tables_[table].columns.erase(dropped);
                exclusive = true;
            } else if (subtype == "AT_AlterColumnType") {
                change_type(table, table_at, column, member(command, "def"));
                exclusive = true;
            } else if (subtype == "AT_ColumnDefault") {
                if (member(command, "def").empty() && existing(table) && breaking_applies()) {
                    add(table_at, "drop-default",
                        "DROP DEFAULT of " + table + "." + column + " on an existing table");
                }
                exclusive = true;
            } else if (subtype == "AT_SetNotNull") {
                const std::string key = table + "." + column;
                const bool proven = rules_.options_.postgres_version >= 12 &&
                                    rules_.validated_not_null_.count(key) > 0;
                if (existing(table) && !proven) {
                    add(table_at, "set-not-null",
                        "SET NOT NULL on " + key + " scans " + quoted(table) +
                            " under an ACCESS EXCLUSIVE lock" +
                            (rules_.options_.postgres_version >= 12
                                 ? std::string(" (no validated CHECK (") + column +
                                       " IS NOT NULL) before it)"
                                 : std::string(" (before PostgreSQL 12 even with a validated "
                                               "CHECK)")));
                }
                exclusive = true;
            } else if (subtype == "AT_AddConstraint") {
                exclusive = add_constraint(table, table_at, member(command, "def")) || exclusive;
            } else if (subtype == "AT_ValidateConstraint") {
                auto check = rules_.not_null_checks_.find(column);
                if (check != rules_.not_null_checks_.end()) {
                    rules_.validated_not_null_.insert(check->second);
                }
            } else {
                exclusive = true;
            }
        }
        if (exclusive) {
            access_exclusive(table, table_at);
        }
    }

    void add_column(const std::string& table, std::size_t table_at, const json& command) {
        const json& column = member(member(command, "def"), "ColumnDef");
        const std::string name = text(column, "colname");
        const std::size_t at = location(column, table_at);
        const ColumnType type = column_type(member(column, "typeName"));
        bool not_null = false;
        bool has_default = false;
        bool generated = false;
        bool constant_default = true;
        std::size_t default_at = at;
        const json& constraints = member(column, "constraints");
        if (constraints.is_array()) {
            for (const auto& constraint_node : constraints) {
                const json& constraint = member(constraint_node, "Constraint");
                const std::string contype = text(constraint, "contype");
                if (contype == "CONSTR_NOTNULL" || contype == "CONSTR_PRIMARY") {
                    not_null = true;
                } else if (contype == "CONSTR_DEFAULT") {
                    has_default = true;
                    default_at = location(constraint, at);
                    constant_default = non_volatile_default(member(constraint, "raw_expr"));
                } else if (contype == "CONSTR_IDENTITY") {
                    has_default = true;
                    constant_default = false;  // every row gets its own value
                } else if (contype == "CONSTR_GENERATED") {
                    generated = true;
                }
            }
        }
        const bool serial = type.name.find("serial") != std::string::npos;
        if (serial) {
            has_default = true;
            constant_default = false;
        }
        const bool old_table = existing(table);
        if (old_table && not_null && !has_default && !generated) {
            add(at, "not-null-without-default",
                "ADD COLUMN " + name + " NOT NULL without a DEFAULT on existing table " +
                    quoted(table));
        }
        if (old_table && generated) {
            add(at, "add-column-rewrites-table",
                "ADD COLUMN " + name + " as a stored generated column rewrites " + quoted(table));
        } else if (old_table && has_default && !constant_default) {
            add(default_at, "add-column-rewrites-table",
                "ADD COLUMN " + name + " with a volatile default rewrites " + quoted(table));
        } else if (old_table && has_default && rules_.options_.postgres_version < 11) {
            add(default_at, "add-column-rewrites-table",
                "ADD COLUMN " + name + " with a DEFAULT rewrites " + quoted(table) +
                    " before PostgreSQL 11 (--postgres-version " +
                    std::to_string(rules_.options_.postgres_version) + ")");
        }
        column_types(column);
        if (retry_matters() && !flag(command, "missing_ok")) {
            add(at, "not-retryable",
                "ADD COLUMN without IF NOT EXISTS in a script that runs outside a transaction");
        }
        rules_.tables_[table].columns[name] = type;
    }

    void change_type(const std::string& table, std::size_t table_at, const std::string& column,
                     const json& definition) {
        const json& column_def = member(definition, "ColumnDef");
        const json& type_name = member(column_def, "typeName");
        const ColumnType to = column_type(type_name);
        auto& columns = rules_.tables_[table].columns;
        const ColumnType from = columns.count(column) ? columns[column] : ColumnType{};
        const bool using_clause = !member(column_def, "raw_default").empty();
        if (existing(table) && (using_clause || !binary_compatible_widening(from, to))) {
            add(table_at, "change-column-type",
                "ALTER COLUMN " + column + " TYPE " + describe(to) + " on existing table " +
                    quoted(table) +
                    (from.known ? " (from " + describe(from) + ")"
                                : std::string(" (its current type is not known from the "
                                              "earlier scripts)")));
        }
        hygiene(to, location(type_name, table_at));
        columns[column] = to;
    }

    // Returns true when the constraint takes an ACCESS EXCLUSIVE lock.
    bool add_constraint(const std::string& table, std::size_t table_at, const json& definition) {
        const json& constraint = member(definition, "Constraint");
        const std::string contype = text(constraint, "contype");
        const std::string name = text(constraint, "conname");
        const std::size_t at = location(constraint, table_at);
        const bool old_table = existing(table);
        const bool not_valid = flag(constraint, "skip_validation");
        if (contype == "CONSTR_FOREIGN") {
            if (old_table && !not_valid) {
                add(at, "constraint-without-not-valid",
                    "FOREIGN KEY " + name + " on existing table " + quoted(table) +
                        " without NOT VALID");
            }
            return false;  // SHARE ROW EXCLUSIVE
        }
        if (contype == "CONSTR_CHECK") {
            const json& expression = member(constraint, "raw_expr");
            const json& null_test = member(expression, "NullTest");
            const bool not_null_check =
                !null_test.empty() && text(null_test, "nulltesttype") == "IS_NOT_NULL";
            if (not_null_check) {
                const std::string column =
                    last_name(member(member(member(null_test, "arg"), "ColumnRef"), "fields"));
                rules_.not_null_checks_[name] = table + "." + column;
                if (!not_valid) {
                    rules_.validated_not_null_.insert(table + "." + column);
                }
            }
            if (old_table && !not_valid) {
                add(at, "constraint-without-not-valid",
                    "CHECK " + name + " on existing table " + quoted(table) + " without NOT VALID");
            }
            if (old_table && !not_null_check && breaking_applies()) {
                add(at, "new-unique-or-check",
                    "CHECK " + name + " on existing table " + quoted(table) +
                        " may refuse rows the previous version writes");
            }
            return true;
        }
        if (contype == "CONSTR_UNIQUE" || contype == "CONSTR_PRIMARY") {
            const bool prebuilt = !text(constraint, "indexname").empty();
            if (old_table && !prebuilt) {
                add(at, "unique-without-index",
                    std::string(contype == "CONSTR_UNIQUE" ? "UNIQUE" : "PRIMARY KEY") + " " +
                        name + " on existing table " + quoted(table) +
                        " builds its index while it blocks writes");
            }
            if (old_table && contype == "CONSTR_UNIQUE" && breaking_applies()) {
                add(at, "new-unique-or-check",
                    "UNIQUE " + name + " on existing table " + quoted(table) +
                        " may refuse rows the previous version writes");
            }
            return true;
        }
        return true;
    }

    void create_index(const json& node) {
        const std::string table = text(member(node, "relation"), "relname");
        const std::string name = text(node, "idxname");
        const bool concurrent = flag(node, "concurrent");
        const std::size_t at = start_of_statement();
        if (existing(table) && !concurrent) {
            add(at, "index-without-concurrently",
                "CREATE INDEX " + name + " on existing table " + quoted(table) +
                    " without CONCURRENTLY");
        }
        if (concurrent && script_.transactional) {
            add(at, "concurrently-in-transaction",
                "CREATE INDEX CONCURRENTLY in a script that runs in a transaction");
        }
        if (retry_matters() && !flag(node, "if_not_exists") && !dropped_if_exists_before(name)) {
            add(at, "not-retryable",
                "CREATE INDEX " + name +
                    " without IF NOT EXISTS (or a DROP INDEX IF EXISTS before it) in a script "
                    "that runs outside a transaction");
        }
        if (script_.is_new && !existing(table)) {
            rules_.new_indexes_.insert(name);
        }
    }

    void drop(const json& node) {
        const std::string type = text(node, "removeType");
        const json& objects = member(node, "objects");
        if (!objects.is_array()) {
            return;
        }
        const std::size_t at = start_of_statement();
        const bool missing_ok = flag(node, "missing_ok");
        const bool concurrent = flag(node, "concurrent");
        for (const auto& object : objects) {
            std::string name = last_name(member(member(object, "List"), "items"));
            if (name.empty()) {
                name = text(member(object, "String"), "sval");
            }
            if (type == "OBJECT_TABLE") {
                if (existing(name) && breaking_applies() && !created_later("table", name)) {
                    add(at, "drop-table", "DROP TABLE " + name + " of an existing table");
                }
                access_exclusive(name, at);
                rules_.tables_.erase(name);
            } else if (type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW") {
                if (breaking_applies() && !created_later("view", name)) {
                    add(at, "drop-view",
                        "DROP VIEW " + name + " without creating it again in this script");
                }
            } else if (type == "OBJECT_SCHEMA") {
                if (breaking_applies()) {
                    add(at, "drop-schema", "DROP SCHEMA " + name);
                }
            } else if (type == "OBJECT_INDEX") {
                const bool of_new_table = rules_.new_indexes_.count(name) > 0;
                if (!concurrent && !of_new_table) {
                    add(at, "drop-index-without-concurrently",
                        "DROP INDEX " + name + " without CONCURRENTLY");
                }
                if (concurrent && script_.transactional) {
                    add(at, "concurrently-in-transaction",
                        "DROP INDEX CONCURRENTLY in a script that runs in a transaction");
                }
                if (missing_ok) {
                    dropped_if_exists_.insert(name);
                }
            } else {
                continue;
            }
            if (retry_matters() && !missing_ok) {
                add(at, "not-retryable",
                    "DROP without IF EXISTS in a script that runs outside a transaction");
            }
        }
    }

    void rename(const json& node) {
        const std::string type = text(node, "renameType");
        const json& relation = member(node, "relation");
        const std::string table = text(relation, "relname");
        const std::string new_name = text(node, "newname");
        const std::size_t at = location(relation, start_);
        if (type == "OBJECT_COLUMN" && text(node, "relationType") == "OBJECT_TABLE") {
            const std::string column = text(node, "subname");
            if (existing(table) && breaking_applies()) {
                add(at, "rename-column",
                    "RENAME COLUMN " + column + " of existing table " + quoted(table) + " to " +
                        new_name);
            }
            auto& columns = rules_.tables_[table].columns;
            if (auto found = columns.find(column); found != columns.end()) {
                columns[new_name] = found->second;
                columns.erase(found);
            }
            access_exclusive(table, at);
        } else if (type == "OBJECT_TABLE") {
            if (existing(table) && breaking_applies() && !created_later("view", table)) {
                add(at, "rename-table",
                    "RENAME of existing table " + quoted(table) + " to " + new_name +
                        " with no view keeping the old name");
            }
            access_exclusive(table, at);
            if (auto found = rules_.tables_.find(table); found != rules_.tables_.end()) {
                rules_.tables_[new_name] = found->second;
                rules_.tables_.erase(table);
            }
            if (rules_.new_tables_.erase(table) > 0) {
                rules_.new_tables_.insert(new_name);
            }
        }
    }

    void set_variable(const json& node) {
        if (text(node, "name") != "lock_timeout") {
            return;
        }
        const std::string kind = text(node, "kind");
        if (kind != "VAR_SET_VALUE") {
            lock_timeout_on_ = false;  // RESET and DEFAULT go back to the server's 0
            return;
        }
        const json& args = member(node, "args");
        bool zero = true;
        if (args.is_array() && !args.empty()) {
            const json& constant = member(args.front(), "A_Const");
            const json& ival = member(constant, "ival");
            const json& sval = member(constant, "sval");
            if (!sval.empty()) {
                const std::string value = text(sval, "sval");
                zero = value.empty() || value.find_first_not_of("0") == std::string::npos ||
                       value == "0s" || value == "0ms";
            } else {
                zero =
                    member(ival, "ival").is_number_integer() ? ival["ival"].get<long>() == 0 : true;
            }
        }
        lock_timeout_on_ = !zero;
    }

    void vacuum(const json& node) {
        const json& options = member(node, "options");
        if (!options.is_array()) {
            return;
        }
        for (const auto& option : options) {
            if (text(member(option, "DefElem"), "defname") == "full") {
                add(start_of_statement(), "vacuum-full", "VACUUM FULL");
            }
        }
    }

    void truncate(const json& node) {
        if (text(node, "behavior") == "DROP_CASCADE") {
            add(start_of_statement(), "truncate-cascade", "TRUNCATE ... CASCADE");
        }
        const json& relations = member(node, "relations");
        if (relations.is_array()) {
            for (const auto& relation : relations) {
                const json& range = member(relation, "RangeVar");
                access_exclusive(text(range, "relname"), location(range, start_));
            }
        }
    }

    // The statement's first significant byte: stmt_location counts from the end of the one
    // before, comments and blank lines included.
    std::size_t start_of_statement() const { return skip_blanks(script_.text, start_); }

    PostgresRules& rules_;
    const Script& script_;
    RawFindings& out_;
    bool report_;
    bool lock_timeout_on_;
    std::size_t index_ = 0;
    std::size_t start_ = 0;
    std::vector<Creation> creations_;
    std::set<std::string> dropped_if_exists_;
};

void PostgresRules::check(const Script& script, const json& tree, RawFindings& out) {
    const json& statements = member(tree, "stmts");
    if (!statements.is_array()) {
        return;
    }
    Pass(*this, script, out).run(statements);
}

}  // namespace deckhand::lint::pg
