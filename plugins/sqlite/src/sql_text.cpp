// Skipping the whitespace, empty statements and comments between SQL statements.
#include "sql_text.hpp"

namespace deckhand::sqlite {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::size_t skip_blank(std::string_view sql, std::size_t position) {
    while (position < sql.size()) {
        char c = sql[position];
        if (is_space(c) || c == ';') {
            ++position;
        } else if (sql.substr(position, 2) == "--") {
            auto newline = sql.find('\n', position);
            position = newline == std::string_view::npos ? sql.size() : newline + 1;
        } else if (sql.substr(position, 2) == "/*") {
            auto close = sql.find("*/", position + 2);
            // An unterminated comment runs to the end, as SQLite reads it.
            position = close == std::string_view::npos ? sql.size() : close + 2;
        } else {
            break;
        }
    }
    return position;
}

}  // namespace deckhand::sqlite
