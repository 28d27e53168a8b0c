// The status table and its JSON form.
#include "deckhand/migrate/status_output.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "deckhand/text_table.hpp"

namespace deckhand::migrate {
namespace {

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
    // The layout of deckhand::TextTable (left-aligned columns two spaces apart, widths in
    // characters, no trailing blanks), written straight from views into the Status: a table
    // of ten thousand rows built as TextTable cells was seventy thousand strings, most of the
    // cost of `status` after reading the files.
    static constexpr std::size_t columns = 7;
    using Cells = std::array<std::string_view, columns>;
    static constexpr Cells headers{"VERSION", "DESCRIPTION",  "TYPE",    "PHASE",
                                   "STATE",   "INSTALLED ON", "CHECKSUM"};
    static constexpr std::string_view repeatable_type = "SQL repeatable";
    auto cells_of = [](const StatusEntry& entry) {
        // Repeatable scripts are told apart by their missing version; say so in the type column.
        const std::string_view type =
            entry.kind == script::ScriptKind::repeatable && entry.type == type_sql ? repeatable_type
                                                                                   : entry.type;
        return Cells{
            entry.version ? std::string_view(entry.version->text()) : std::string_view(),
            entry.description,
            type,
            script::to_string(entry.phase),
            to_string(entry.state),
            entry.row != nullptr ? std::string_view(entry.row->installed_on) : std::string_view(),
            entry.checksum != nullptr ? std::string_view(*entry.checksum).substr(0, 12)
                                      : std::string_view()};
    };
    std::array<std::size_t, columns> widths{};
    auto widen = [&](const Cells& cells) {
        for (std::size_t c = 0; c < columns; ++c)
            widths[c] = std::max(widths[c], display_width(cells[c]));
    };
    widen(headers);
    for (const auto& entry : status.entries()) widen(cells_of(entry));

    // Lines go out in blocks of about 64 KiB: one ostream call per line cost more than
    // building the line.
    constexpr std::size_t block = 64 * 1024;
    std::string text;
    text.reserve(block + 1024);
    auto write_line = [&](const Cells& cells) {
        const std::size_t start = text.size();
        for (std::size_t c = 0; c < columns; ++c) {
            if (c > 0) text += "  ";
            text += cells[c];
            text.append(widths[c] - display_width(cells[c]), ' ');
        }
        while (text.size() > start && text.back() == ' ') text.pop_back();
        text += '\n';
        if (text.size() >= block) {
            out.write(text.data(), static_cast<std::streamsize>(text.size()));
            text.clear();
        }
    };
    write_line(headers);
    for (const auto& entry : status.entries()) write_line(cells_of(entry));
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
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
