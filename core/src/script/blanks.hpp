// Core-internal: blank space within a line (a CR counts: CRLF files are read as written), as
// directive comments, dbmate's markers and .sql.conf lines see it.
#pragma once

#include <string_view>

namespace deckhand::script {

constexpr bool is_line_blank(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// `text` without blanks at either end.
constexpr std::string_view trim_blanks(std::string_view text) noexcept {
    while (!text.empty() && is_line_blank(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_line_blank(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

}  // namespace deckhand::script
