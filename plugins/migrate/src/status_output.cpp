// The status table and its JSON form.
#include "deckhand/migrate/status_output.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "deckhand/json_text.hpp"
#include "deckhand/migrate/json_report.hpp"
#include "deckhand/text_table.hpp"

namespace deckhand::migrate {
namespace {

// Output goes to the stream in blocks of about this size: one ostream call per line cost more
// than building the line.
constexpr std::size_t block = std::size_t{64} * 1024;

// Sends what `text` holds once it is a block or more, and empties it.
void send_full_block(std::ostream& out, std::string& text) {
    if (text.size() >= block) {
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        text.clear();
    }
}

// "2 outstanding", "1 changed since applied (run validate)", or both: a script edited after it
// was applied is no work for migrate (it refuses), so it is named with the step that helps.
std::string outstanding_counts(const std::vector<const StatusEntry*>& outstanding) {
    const auto changed = static_cast<std::size_t>(std::count_if(
        outstanding.begin(), outstanding.end(),
        [](const StatusEntry* entry) { return entry->state == MigrationState::changed; }));
    const std::size_t others = outstanding.size() - changed;
    std::string text;
    if (others > 0 || changed == 0) {
        text = std::to_string(others) + " outstanding";
    }
    if (changed > 0) {
        text += (text.empty() ? "" : " and ") + std::to_string(changed) +
                " changed since applied (run validate)";
    }
    return text;
}

std::string summary(const Status& status, script::Phase phase) {
    auto outstanding = status.outstanding(phase);
    auto newest = status.newest_applied();
    std::string version = newest ? newest->text() : "none";
    if (!status.history_exists()) {
        return "no migration has been applied yet (" + status.history_table() +
               " does not exist); " + outstanding_counts(outstanding) + " for phase " +
               std::string(to_string(phase));
    }
    if (outstanding.empty()) {
        return "schema version " + version + "; up to date for phase " +
               std::string(to_string(phase));
    }
    return "schema version " + version + "; " + outstanding_counts(outstanding) + " for phase " +
           std::string(to_string(phase));
}

// The TYPE column: the row's type; repeatable scripts told apart from versioned ones, and
// scripts that run outside a transaction marked.
std::string_view type_cell(const StatusEntry& entry) {
    const bool outside = entry.migration != nullptr && !entry.migration->transactional;
    if (entry.kind == script::ScriptKind::repeatable && entry.type == type_sql) {
        return outside ? "SQL repeatable, no transaction" : "SQL repeatable";
    }
    if (outside && entry.type == type_sql) {
        return "SQL, no transaction";
    }
    if (outside && entry.type == type_sql_baseline) {
        return "SQL_BASELINE, no transaction";
    }
    return entry.type;
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
    auto cells_of = [](const StatusEntry& entry) {
        const std::string_view type = type_cell(entry);
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
    // Each cell is measured once; the widths are kept for the padding pass. Versions, phases
    // and states are ASCII by construction, so their width is their size.
    using Widths = std::array<std::uint32_t, columns>;
    static constexpr std::array<bool, columns> ascii_column{true, false, false, true,
                                                            true, false, false};
    auto measure = [](const Cells& cells) {
        Widths measured{};
        for (std::size_t c = 0; c < columns; ++c) {
            measured[c] = static_cast<std::uint32_t>(ascii_column[c] ? cells[c].size()
                                                                     : display_width(cells[c]));
        }
        return measured;
    };
    std::vector<Widths> cell_widths;
    cell_widths.reserve(status.entries().size());
    Widths widths = measure(headers);
    for (const auto& entry : status.entries()) {
        const Widths& measured = cell_widths.emplace_back(measure(cells_of(entry)));
        for (std::size_t c = 0; c < columns; ++c) {
            widths[c] = std::max(widths[c], measured[c]);
        }
    }

    // Each line's room is made once in the block, then cells and padding are copied in,
    // instead of some twenty appends a line.
    std::size_t widest_line = 0;
    for (const auto width : widths) {
        widest_line += width + 2;
    }
    std::string text;
    text.reserve(block + 1024);
    auto write_line = [&](const Cells& cells, const Widths& measured) {
        // A cell's bytes may exceed its width (multibyte characters): room for both.
        std::size_t room = widest_line + 1;
        for (const auto& cell : cells) {
            room += cell.size();
        }
        const std::size_t start = text.size();
        text.resize(start + room);
        char* const line = text.data() + start;
        char* at = line;
        for (std::size_t c = 0; c < columns; ++c) {
            if (c > 0) {
                at = std::fill_n(at, 2, ' ');
            }
            at = std::copy(cells[c].begin(), cells[c].end(), at);
            at = std::fill_n(at, widths[c] - measured[c], ' ');
        }
        while (at != line && at[-1] == ' ') {
            --at;
        }
        *at++ = '\n';
        text.resize(static_cast<std::size_t>(at - text.data()));
        send_full_block(out, text);
    };
    write_line(headers, measure(headers));
    for (std::size_t i = 0; i < status.entries().size(); ++i) {
        write_line(cells_of(status.entries()[i]), cell_widths[i]);
    }
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out << '\n' << summary(status, phase) << '\n';
}

void write_status_json(std::ostream& out, const Status& status, script::Phase phase,
                       int exit_status) {
    // Written by hand, in the layout nlohmann's dump(2) gives (keys sorted, two-space indent),
    // because a document of ten thousand objects took twice as long to build as the table.
    std::string text;
    auto string_or_null = [&](const std::string* value) {
        if (value == nullptr) {
            text += "null";
        } else {
            append_json_string(text, *value);
        }
    };
    auto key = [&](std::string_view name, std::string_view indent) {
        text += indent;
        append_json_string(text, name);
        text += ": ";
    };
    const auto newest = status.newest_applied();
    text += "{\n";
    key("current", "  ");
    text += status.is_current(phase) ? "true" : "false";
    text += ",\n";
    key("exit_status", "  ");
    text += std::to_string(exit_status);
    text += ",\n";
    key("history_table_exists", "  ");
    text += status.history_exists() ? "true" : "false";
    text += ",\n";
    key("migrations", "  ");
    text += status.entries().empty() ? "[]" : "[\n";
    constexpr std::string_view field = "      ";
    bool first = true;
    for (const auto& entry : status.entries()) {
        text += first ? "    {\n" : ",\n    {\n";
        first = false;
        key("checksum", field);
        string_or_null(entry.checksum);
        text += ",\n";
        key("description", field);
        append_json_string(text, entry.description);
        text += ",\n";
        key("execution_time_ms", field);
        text += entry.row != nullptr ? std::to_string(entry.row->execution_time_ms) : "null";
        text += ",\n";
        key("installed_on", field);
        string_or_null(entry.row != nullptr ? &entry.row->installed_on : nullptr);
        text += ",\n";
        key("kind", field);
        append_json_string(text, kind_name(entry.kind));
        text += ",\n";
        key("phase", field);
        append_json_string(text, script::to_string(entry.phase));
        text += ",\n";
        key("repeatable", field);
        text += entry.kind == script::ScriptKind::repeatable ? "true" : "false";
        text += ",\n";
        key("script", field);
        append_json_string(text, entry.script);
        text += ",\n";
        key("state", field);
        append_json_string(text, to_string(entry.state));
        text += ",\n";
        key("transaction", field);
        text += entry.migration == nullptr       ? "null"
                : entry.migration->transactional ? "true"
                                                 : "false";
        text += ",\n";
        key("type", field);
        append_json_string(text, entry.type);
        text += ",\n";
        key("version", field);
        string_or_null(entry.version != nullptr ? &entry.version->text() : nullptr);
        text += "\n    }";
        send_full_block(out, text);
    }
    if (!status.entries().empty()) {
        text += "\n  ]";
    }
    text += ",\n";
    key("ok", "  ");
    text += exit_status == 0 ? "true" : "false";
    text += ",\n";
    key("outstanding", "  ");
    text += std::to_string(status.outstanding(phase).size());
    text += ",\n";
    key("phase", "  ");
    append_json_string(text, script::to_string(phase));
    text += ",\n";
    key("schema_version", "  ");
    string_or_null(newest ? &newest->text() : nullptr);
    text += "\n}\n";
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace deckhand::migrate
