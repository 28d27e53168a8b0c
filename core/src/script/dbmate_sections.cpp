// dbmate's -- migrate:up / -- migrate:down sections.
#include "script/dbmate_sections.hpp"

#include "deckhand/script/splitter.hpp"
#include "script/blanks.hpp"

namespace deckhand::script {

std::vector<DbmateMarker> find_dbmate_markers(std::string_view sql, SqlDialect dialect) {
    std::vector<DbmateMarker> markers;
    SqlLexer lexer(sql, dialect);
    Token token;
    while (lexer.next(token)) {
        // As dbmate reads them: "--" at the very start of a line, blanks, then the marker.
        if (token.kind != TokenKind::line_comment ||
            (token.offset > 0 && sql[token.offset - 1] != '\n')) {
            continue;
        }
        std::string_view rest = lexer.text_of(token).substr(2);
        while (!rest.empty() && is_line_blank(rest.front())) {
            rest.remove_prefix(1);
        }
        for (const bool up : {true, false}) {
            const std::string_view marker = up ? "migrate:up" : "migrate:down";
            if (rest.substr(0, marker.size()) != marker) {
                continue;
            }
            const std::string_view after = rest.substr(marker.size());
            if (!after.empty() && !is_line_blank(after.front())) {
                continue;  // "migrate:upgrade" is not a marker
            }
            markers.push_back({up, token.offset, token.line, trim_blanks(after)});
        }
    }
    return markers;
}

DbmateSections dbmate_sections(std::string_view sql, SqlDialect dialect,
                               std::string_view display_path, std::vector<std::string>& problems) {
    DbmateSections sections;
    sections.up_end = sql.size();
    const std::string where(display_path);
    const auto markers = may_hold_dbmate_marker(sql) ? find_dbmate_markers(sql, dialect)
                                                     : std::vector<DbmateMarker>{};
    const DbmateMarker* up = nullptr;
    const DbmateMarker* down = nullptr;
    for (const auto& marker : markers) {
        const DbmateMarker*& slot = marker.up ? up : down;
        if (slot != nullptr) {
            problems.push_back(where + ":" + std::to_string(marker.line) +
                               ": a second '-- migrate:" + (marker.up ? "up" : "down") +
                               "' line (the first is line " + std::to_string(slot->line) +
                               "); a dbmate migration has one of each");
            continue;
        }
        slot = &marker;
    }
    if (up == nullptr) {
        problems.push_back(
            where +
            ": a dbmate migration starts its SQL with a '-- migrate:up' line, and this "
            "file has none; add one (and '-- migrate:down' before the undo part)");
        return sections;
    }
    if (down != nullptr && down->offset < up->offset) {
        problems.push_back(where + ":" + std::to_string(down->line) +
                           ": '-- migrate:down' comes before '-- migrate:up' (line " +
                           std::to_string(up->line) + "); dbmate wants the up section first");
        return sections;
    }
    if (has_statements(sql.substr(0, up->offset), dialect)) {
        problems.push_back(where + ":" + std::to_string(up->line) +
                           ": statements come before '-- migrate:up'; dbmate runs nothing outside "
                           "its sections, so move them below that line");
    }
    if (down != nullptr) {
        sections.up_end = down->offset;
    }
    // Options are blank-separated key:value pairs; dbmate knows only transaction.
    std::string_view options = up->options;
    while (!options.empty()) {
        const auto end = options.find_first_of(" \t");
        const std::string_view option = options.substr(0, end);
        options =
            end == std::string_view::npos ? std::string_view() : trim_blanks(options.substr(end));
        if (option == "transaction:false") {
            sections.transaction = false;
        } else if (option != "transaction:true") {
            problems.push_back(where + ":" + std::to_string(up->line) + ": unknown option '" +
                               std::string(option) +
                               "' after '-- migrate:up'; dbmate's options are transaction:false "
                               "and transaction:true");
        }
    }
    return sections;
}

}  // namespace deckhand::script
