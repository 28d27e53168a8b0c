// Finding Flyway's, golang-migrate's and dbmate's history tables and turning their rows into
// deckhand's: the first contact of a team that switches.
#include "peer_history.hpp"

#include <algorithm>
#include <boost/crc.hpp>
#include <charconv>
#include <map>
#include <set>

#include "baseline_rows.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/plural.hpp"

namespace deckhand::migrate::detail {
namespace {

using script::Migration;
using script::Version;

std::int64_t to_int(const db::Field& field) {
    std::int64_t value = 0;
    if (field) {
        std::from_chars(field->data(), field->data() + field->size(), value);
    }
    return value;
}

std::string lower(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return text;
}

// The columns of `table`, lower case.
std::set<std::string> columns_of(db::Connection& connection, const HistoryTable& table) {
    db::ResultSet result;
    if (table.dialect() == "postgres") {
        result = connection.query(
            "SELECT a.attname FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = "
            "a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname "
            "= $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped",
            {db::Value(table.schema()), db::Value(table.table())});
    } else if (table.dialect() == "sqlite") {
        result =
            connection.query("SELECT name FROM pragma_table_info($1)", {db::Value(table.table())});
    } else {
        result = connection.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = $1",
            {db::Value(table.table())});
    }
    std::set<std::string> columns;
    for (const auto& row : result.rows) {
        if (!row.empty() && row[0]) {
            columns.insert(lower(*row[0]));
        }
    }
    return columns;
}

bool has_all(const std::set<std::string>& columns, std::initializer_list<const char*> names) {
    return std::all_of(names.begin(), names.end(),
                       [&](const char* name) { return columns.count(name) > 0; });
}

// Which tool's table has these columns, if any.
std::optional<PeerTool> tool_of(const std::set<std::string>& columns) {
    if (has_all(columns, {"installed_rank", "version", "description", "type", "script", "checksum",
                          "installed_by", "installed_on", "execution_time", "success"})) {
        return PeerTool::flyway;
    }
    if (has_all(columns, {"version", "dirty"})) {
        return PeerTool::golang_migrate;
    }
    if (columns.count("version") > 0) {
        return PeerTool::dbmate;
    }
    return std::nullopt;
}

std::int64_t count_rows(db::Connection& connection, const HistoryTable& table) {
    auto result = connection.query("SELECT count(*) FROM " + table.sql());
    return result.rows.empty() || result.rows[0].empty() ? 0 : to_int(result.rows[0][0]);
}

// golang-migrate's one row: the newest version it applied, and whether that one failed.
struct GolangMigrateState {
    std::int64_t version = -1;  // golang-migrate's NilVersion: nothing applied
    bool dirty = false;
};

std::optional<GolangMigrateState> golang_migrate_state(db::Connection& connection,
                                                       const HistoryTable& table) {
    auto result = connection.query("SELECT version, CASE WHEN dirty THEN 1 ELSE 0 END FROM " +
                                   table.sql() + " ORDER BY version DESC LIMIT 1");
    if (result.rows.empty()) {
        return std::nullopt;
    }
    return GolangMigrateState{to_int(result.rows[0].at(0)), to_int(result.rows[0].at(1)) != 0};
}

// Each tool as `--from` names it, as sentences name it, and its table's default name.
struct ToolNames {
    PeerTool tool;
    std::string_view flag;
    std::string_view shown;
    const char* default_table;
};
constexpr ToolNames tool_names[] = {
    {PeerTool::flyway, "flyway", "Flyway", "flyway_schema_history"},
    {PeerTool::golang_migrate, "golang-migrate", "golang-migrate", "schema_migrations"},
    {PeerTool::dbmate, "dbmate", "dbmate", "schema_migrations"},
};

const ToolNames& names_of(PeerTool tool) {
    for (const auto& names : tool_names) {
        if (names.tool == tool) {
            return names;
        }
    }
    return tool_names[0];
}

std::string tool_name(PeerTool tool) {
    return std::string(names_of(tool).shown);
}

// The checksum an imported row gets for `file`: the file's own when the tool applied what the
// file holds now (or kept no checksum), else one that matches no file, so that deckhand reports
// the script as changed (versioned) or runs it again (repeatable), as the tool would have.
std::string checksum_for(const Migration& file, const db::Field& flyway_crc) {
    if (!flyway_crc) {
        return file.checksum;
    }
    if (std::to_string(flyway_checksum(file.text)) == *flyway_crc) {
        return file.checksum;
    }
    return "flyway:" + *flyway_crc;
}

Version peer_version(const std::string& text, const PeerHistory& peer) {
    Version version;
    if (!Version::try_parse(text, version)) {
        throw WorkFailed(peer.table.display() + " (" + tool_name(peer.tool) +
                         ") records the version '" + text +
                         "', which deckhand cannot read as a version (numbers separated by dots "
                         "or underscores); fix that row, then run `deckhand baseline --from " +
                         std::string(to_string(peer.tool)) + "` again");
    }
    return version;
}

std::vector<HistoryRow> import_flyway(db::Connection& connection, const PeerHistory& peer,
                                      const script::MigrationSet& migrations,
                                      const std::string& installed_by) {
    const bool postgres = peer.table.dialect() == "postgres";
    const std::string installed_on = postgres
                                         ? "to_char(installed_on::timestamptz AT TIME ZONE 'UTC', "
                                           "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
                                         : "strftime('%Y-%m-%dT%H:%M:%fZ', installed_on)";
    auto result = connection.query(
        "SELECT installed_rank, version, description, type, script, checksum, installed_by, " +
        installed_on + ", execution_time, CASE WHEN success THEN 1 ELSE 0 END FROM " +
        peer.table.sql() + " ORDER BY installed_rank");

    // Rows in Flyway's order; an undo or a repair's DELETE row takes back an earlier one.
    std::vector<std::optional<HistoryRow>> rows;
    std::map<Version, std::size_t> by_version;
    std::map<std::string, std::size_t> by_description;
    for (const auto& fields : result.rows) {
        if (fields.size() < 10) {
            throw WorkFailed(peer.table.display() + " returned fewer columns than expected");
        }
        const std::string type = fields[3].value_or("");
        const std::string description = fields[2].value_or("");
        if (type == "SCHEMA") {
            continue;  // Flyway's note that it created the schema: no migration
        }
        std::optional<Version> version;
        if (fields[1] && !fields[1]->empty()) {
            version = peer_version(*fields[1], peer);
        }
        if (to_int(fields[9]) == 0) {
            throw WorkFailed(
                peer.table.display() + " (Flyway) records " +
                (version ? "version " + version->text()
                         : "repeatable migration '" + description + "'") +
                " (" + fields[4].value_or("") + ", installed_rank " + fields[0].value_or("?") +
                ") as failed: finish or undo its statements by hand and remove that row (`flyway "
                "repair` does), then run `deckhand baseline --from flyway` again");
        }
        const bool takes_back = type == "DELETE" || type.rfind("UNDO_", 0) == 0;
        if (takes_back) {
            if (version) {
                if (auto found = by_version.find(*version); found != by_version.end()) {
                    rows[found->second].reset();
                    by_version.erase(found);
                }
            } else if (auto found = by_description.find(description);
                       found != by_description.end()) {
                rows[found->second].reset();
                by_description.erase(found);
            }
            continue;
        }

        HistoryRow row;
        const Migration* file = nullptr;
        if (!version) {
            file = migrations.find_repeatable(description);
        } else if (!is_baseline_type(type)) {
            // A baseline row stands for the schema before it, not for a V file.
            file = migrations.find_versioned(*version);
        }
        if (file != nullptr) {
            row = history_row_for(*file, type_sql, installed_by);
            row.checksum = checksum_for(*file, fields[5]);
        } else {
            // No file here: status shows it as missing (or as the baseline it is).
            row.version = version;
            row.description = description;
            row.script = fields[4].value_or("");
        }
        row.type = type;
        row.installed_by = fields[6] && !fields[6]->empty() ? *fields[6] : installed_by;
        row.installed_on = fields[7].value_or("");
        row.execution_time_ms = to_int(fields[8]);

        // A later row of the same migration (a repeatable run again) replaces the earlier one.
        if (version) {
            if (auto found = by_version.find(*version); found != by_version.end()) {
                rows[found->second].reset();
            }
            by_version[*version] = rows.size();
        } else {
            if (auto found = by_description.find(description); found != by_description.end()) {
                rows[found->second].reset();
            }
            by_description[description] = rows.size();
        }
        rows.emplace_back(std::move(row));
    }
    std::vector<HistoryRow> out;
    for (auto& row : rows) {
        if (row) {
            out.push_back(std::move(*row));
        }
    }
    return out;
}

std::vector<HistoryRow> import_golang_migrate(db::Connection& connection, const PeerHistory& peer,
                                              const script::MigrationSet& migrations,
                                              const std::string& installed_by) {
    auto state = golang_migrate_state(connection, peer.table);
    if (!state || (state->version < 0 && !state->dirty)) {
        return {};
    }
    if (state->dirty) {
        const std::string version = state->version < 0 ? std::string("(before the first one)")
                                                       : std::to_string(state->version);
        throw WorkFailed(peer.table.display() + " (golang-migrate) marks version " + version +
                         " as dirty: that migration failed part-way. Finish or undo its statements "
                         "by hand, set the version it really is at with `migrate force VERSION`, "
                         "then run `deckhand baseline --from golang-migrate` again");
    }
    const Version newest = peer_version(std::to_string(state->version), peer);
    return baseline_rows(migrations, newest, installed_by, type_sql,
                         "golang-migrate version " + newest.text());
}

std::vector<HistoryRow> import_dbmate(db::Connection& connection, const PeerHistory& peer,
                                      const script::MigrationSet& migrations,
                                      const std::string& installed_by) {
    auto result = connection.query("SELECT version FROM " + peer.table.sql());
    std::vector<Version> versions;
    for (const auto& fields : result.rows) {
        if (!fields.empty() && fields[0]) {
            versions.push_back(peer_version(*fields[0], peer));
        }
    }
    std::sort(versions.begin(), versions.end());
    std::vector<HistoryRow> out;
    for (const auto& version : versions) {
        if (const Migration* file = migrations.find_versioned(version)) {
            out.push_back(history_row_for(*file, type_sql, installed_by));
            continue;
        }
        // Applied, but this folder has no such file: status shows it as missing, as it does
        // for scripts a newer build applied.
        HistoryRow row;
        row.version = version;
        row.description = "<< applied by dbmate >>";
        row.script = version.text() + " (dbmate)";
        row.installed_by = installed_by;
        out.push_back(std::move(row));
    }
    return out;
}

std::optional<PeerHistory> peer_at(db::Connection& connection, const HistoryTable& table) {
    if (!table.exists(connection)) {
        return std::nullopt;
    }
    auto tool = tool_of(columns_of(connection, table));
    if (!tool) {
        return std::nullopt;
    }
    return PeerHistory{*tool, table, count_rows(connection, table)};
}

}  // namespace

std::optional<PeerHistory> find_peer_history(db::Connection& connection, const HistoryTable& ours) {
    // Flyway before version 5 named its table schema_version.
    for (const char* name : {"flyway_schema_history", "schema_migrations", "schema_version"}) {
        if (ours.table() == name) {
            continue;
        }
        auto peer = peer_at(connection, ours.sibling(name));
        if (!peer || peer->rows == 0 ||
            (std::string_view(name) == "schema_version" && peer->tool != PeerTool::flyway)) {
            continue;
        }
        if (peer->tool == PeerTool::golang_migrate) {
            auto state = golang_migrate_state(connection, peer->table);
            if (state && state->version < 0 && !state->dirty) {
                continue;  // golang-migrate after migrating all the way down: nothing applied
            }
        }
        return peer;
    }
    return std::nullopt;
}

PeerHistory open_peer_history(db::Connection& connection, PeerTool tool, const HistoryTable& ours,
                              const std::optional<HistoryTableName>& table) {
    HistoryTable where = ours.sibling(names_of(tool).default_table);
    if (table) {
        where = table->schema.empty() ? ours.sibling(table->table)
                                      : HistoryTable::resolve(connection, *table);
    }
    if (!where.exists(connection)) {
        throw WorkFailed("--from " + std::string(to_string(tool)) + ": there is no table " +
                         where.display() + " to take over" +
                         (table ? std::string()
                                : "; if " + tool_name(tool) +
                                      " was told to use another table, name it with --from-table"));
    }
    auto found = tool_of(columns_of(connection, where));
    if (found != tool) {
        throw WorkFailed("--from " + std::string(to_string(tool)) + ": " + where.display() +
                         " is not shaped like " + tool_name(tool) + "'s history table" +
                         (found ? " (it looks like " + tool_name(*found) + "'s: try --from " +
                                      std::string(to_string(*found)) + ")"
                                : std::string()));
    }
    return PeerHistory{tool, where, count_rows(connection, where)};
}

std::vector<HistoryRow> import_peer_rows(db::Connection& connection, const PeerHistory& peer,
                                         const script::MigrationSet& migrations,
                                         const std::string& installed_by) {
    std::vector<HistoryRow> rows;
    switch (peer.tool) {
        case PeerTool::flyway:
            rows = import_flyway(connection, peer, migrations, installed_by);
            break;
        case PeerTool::golang_migrate:
            rows = import_golang_migrate(connection, peer, migrations, installed_by);
            break;
        case PeerTool::dbmate:
            rows = import_dbmate(connection, peer, migrations, installed_by);
            break;
    }
    std::int64_t rank = 1;
    for (auto& row : rows) {
        row.installed_rank = rank++;
    }
    return rows;
}

std::string peer_refusal(const PeerHistory& peer) {
    std::string holds;
    switch (peer.tool) {
        case PeerTool::flyway:
            holds = "holds " + plural(peer.rows, "row", "rows");
            break;
        case PeerTool::golang_migrate:
            holds = "records where it stands";
            break;
        case PeerTool::dbmate:
            holds = "holds " + plural(peer.rows, "applied version", "applied versions");
            break;
    }
    return "this database is managed by " + tool_name(peer.tool) + " (" + peer.table.display() +
           " " + holds + ") and deckhand has no history of it yet: run `deckhand baseline --from " +
           std::string(to_string(peer.tool)) +
           "` once to take that history over (what it never applied stays pending), then "
           "migrate";
}

std::int32_t flyway_checksum(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    boost::crc_32_type crc;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find_first_of("\r\n", start);
        const auto line = text.substr(start, end == std::string_view::npos ? end : end - start);
        crc.process_bytes(line.data(), line.size());
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    return static_cast<std::int32_t>(crc.checksum());
}

SchemaObjects objects_beside(db::Connection& connection, const HistoryTable& table,
                             std::size_t limit) {
    const std::string seed = table.seed_history().table();
    db::ResultSet result;
    if (table.dialect() == "postgres") {
        // Tables, views, sequences, types and functions, leaving out what an extension owns
        // (Flyway's "is the schema empty?" asks the same).
        result = connection.query(
            "SELECT name, count(*) OVER () FROM ("
            "SELECT c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON "
            "n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', "
            "'S', 'f', 'c') AND c.relname <> $2 AND c.relname <> $3 AND NOT EXISTS (SELECT 1 FROM "
            "pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid "
            "= c.oid AND d.deptype = 'e') "
            "UNION ALL SELECT p.proname FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n "
            "ON "
            "n.oid = p.pronamespace WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM "
            "pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid "
            "= p.oid AND d.deptype = 'e') "
            "UNION ALL SELECT t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n "
            "ON "
            "n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typtype IN ('e', 'd', 'r') AND NOT "
            "EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = "
            "'pg_catalog.pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')"
            ") objects ORDER BY name LIMIT $4",
            {db::Value(table.schema()), db::Value(table.table()), db::Value(seed),
             db::Value(static_cast<std::int64_t>(limit))});
    } else if (table.dialect() == "sqlite") {
        result = connection.query(
            "SELECT name, count(*) OVER () FROM sqlite_master WHERE type IN ('table', 'view', "
            "'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> $1 COLLATE NOCASE "
            "AND name <> $2 COLLATE NOCASE ORDER BY name LIMIT $3",
            {db::Value(table.table()), db::Value(seed),
             db::Value(static_cast<std::int64_t>(limit))});
    } else {
        return {};
    }
    SchemaObjects objects;
    for (const auto& row : result.rows) {
        if (row.size() >= 2) {
            objects.names.push_back(row[0].value_or(""));
            objects.count = to_int(row[1]);
        }
    }
    return objects;
}

}  // namespace deckhand::migrate::detail

namespace deckhand::migrate {

std::string_view to_string(PeerTool tool) noexcept {
    return detail::names_of(tool).flag;
}

PeerTool parse_peer_tool(std::string_view text, std::string_view flag) {
    for (const auto& names : detail::tool_names) {
        if (text == names.flag) {
            return names.tool;
        }
    }
    throw UsageError(std::string(flag) + " expects flyway, golang-migrate or dbmate, not '" +
                     std::string(text) + "'");
}

}  // namespace deckhand::migrate
