// Flyway's <script>.sql.conf files.
#include "script/script_config.hpp"

#include "deckhand/ascii.hpp"
#include "script/blanks.hpp"

namespace deckhand::script {

ScriptConfig parse_script_config(std::string_view text, std::string_view display_path,
                                 std::vector<std::string>& problems) {
    ScriptConfig config;
    std::size_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const auto newline = text.find('\n');
        const std::string_view line = trim_blanks(text.substr(0, newline));
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
        if (line.empty() || line.front() == '#' || line.front() == '!') {
            continue;
        }
        auto fail = [&](const std::string& why) {
            problems.push_back(std::string(display_path) + ":" + std::to_string(line_number) +
                               ": " + why);
        };
        const auto separator = line.find_first_of("=:");
        const std::string_view key = trim_blanks(line.substr(0, separator));
        const std::string_view value = separator == std::string_view::npos
                                           ? std::string_view()
                                           : trim_blanks(line.substr(separator + 1));
        const std::string lower = ascii_lower(value);
        if (key == "executeInTransaction") {
            if (lower == "true" || lower == "false") {
                config.execute_in_transaction = lower == "true";
            } else {
                fail("executeInTransaction is true or false, not '" + std::string(value) + "'");
            }
        } else if (key == "encoding") {
            if (lower != "utf-8" && lower != "utf8") {
                fail("encoding " + std::string(value) +
                     ": deckhand reads scripts as UTF-8; convert the script and drop the line");
            }
        } else {
            fail("unknown key '" + std::string(key) +
                 "'; deckhand knows executeInTransaction (and encoding=UTF-8)");
        }
    }
    return config;
}

}  // namespace deckhand::script
