// The status table and its JSON form.
#include "deckhand/migrate/status_output.hpp"

#include "deckhand/text_table.hpp"

namespace deckhand::migrate {
namespace {

std::string version_of(const StatusEntry& entry) {
    return entry.version ? entry.version->text() : std::string();
}

std::string type_of(const StatusEntry& entry) {
    // Repeatable scripts are told apart by their missing version; say so in the type column.
    if (entry.kind == script::ScriptKind::repeatable && entry.type == type_sql)
        return "SQL repeatable";
    return std::string(entry.type);
}

std::string summary(const Status& status, script::Phase phase) {
    auto outstanding = status.outstanding(phase);
    auto newest = status.newest_applied();
    std::string version = newest ? newest->text() : "none";
    if (!status.history_exists()) {
        return "no migration has been applied yet (" + std::string(history_table) +
               " does not exist); " + std::to_string(outstanding.size()) +
               " outstanding for phase " + std::string(to_string(phase));
    }
    if (outstanding.empty()) {
        return "schema version " + version + "; up to date for phase " +
               std::string(to_string(phase));
    }
    return "schema version " + version + "; " + std::to_string(outstanding.size()) +
           " outstanding for phase " + std::string(to_string(phase));
}

}  // namespace

void write_status_table(std::ostream& out, const Status& status, script::Phase phase) {
    TextTable table(
        {"VERSION", "DESCRIPTION", "TYPE", "PHASE", "STATE", "INSTALLED ON", "CHECKSUM"});
    for (const auto& entry : status.entries()) {
        table.add_row({version_of(entry), std::string(entry.description), type_of(entry),
                       std::string(script::to_string(entry.phase)),
                       std::string(to_string(entry.state)),
                       entry.row != nullptr ? entry.row->installed_on : std::string(),
                       entry.checksum != nullptr ? entry.checksum->substr(0, 12) : std::string()});
    }
    table.write(out);
    out << '\n' << summary(status, phase) << '\n';
}

nlohmann::json status_json(const Status& status, script::Phase phase) {
    nlohmann::json migrations = nlohmann::json::array();
    for (const auto& entry : status.entries()) {
        migrations.push_back({
            {"version",
             entry.version ? nlohmann::json(entry.version->text()) : nlohmann::json(nullptr)},
            {"description", std::string(entry.description)},
            {"type", std::string(entry.type)},
            {"repeatable", entry.kind == script::ScriptKind::repeatable},
            {"phase", script::to_string(entry.phase)},
            {"state", to_string(entry.state)},
            {"script", std::string(entry.script)},
            {"installed_on", entry.row != nullptr ? nlohmann::json(entry.row->installed_on)
                                                  : nlohmann::json(nullptr)},
            {"execution_time_ms", entry.row != nullptr
                                      ? nlohmann::json(entry.row->execution_time_ms)
                                      : nlohmann::json(nullptr)},
            {"checksum",
             entry.checksum != nullptr ? nlohmann::json(*entry.checksum) : nlohmann::json(nullptr)},
        });
    }
    auto newest = status.newest_applied();
    return {
        {"phase", script::to_string(phase)},
        {"current", status.is_current(phase)},
        {"outstanding", status.outstanding(phase).size()},
        {"schema_version", newest ? nlohmann::json(newest->text()) : nlohmann::json(nullptr)},
        {"history_table_exists", status.history_exists()},
        {"migrations", std::move(migrations)},
    };
}

}  // namespace deckhand::migrate
