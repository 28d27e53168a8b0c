// The offset of the first byte at or after `at` that is not whitespace, a ';' or a comment: where
// the next statement really starts (PostgreSQL's stmt_location and SQLite's statement tail both
// count from the end of the statement before).
#pragma once

#include <cstddef>
#include <string>

namespace deckhand::lint {

inline std::size_t skip_blanks(const std::string& sql, std::size_t at) {
    while (at < sql.size()) {
        const char c = sql[at];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';') {
            ++at;
        } else if (sql.compare(at, 2, "--") == 0) {
            const auto end = sql.find('\n', at);
            at = end == std::string::npos ? sql.size() : end + 1;
        } else if (sql.compare(at, 2, "/*") == 0) {
            const auto end = sql.find("*/", at + 2);
            at = end == std::string::npos ? sql.size() : end + 2;
        } else {
            break;
        }
    }
    return at;
}

}  // namespace deckhand::lint
