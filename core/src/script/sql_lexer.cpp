// The SQL lexer: quoting and comment rules of SQLite, PostgreSQL and standard SQL.
#include "deckhand/script/sql_lexer.hpp"

#include <algorithm>

namespace deckhand::script {
namespace {

bool is_space(unsigned char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_ascii_letter(unsigned char c) noexcept {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}
bool is_digit(unsigned char c) noexcept {
    return c >= '0' && c <= '9';
}
// Letters, digits, '_' and every byte of a multi-byte UTF-8 character.
bool is_identifier_byte(unsigned char c) noexcept {
    return is_ascii_letter(c) || is_digit(c) || c == '_' || c >= 0x80;
}

std::size_t count_newlines(std::string_view text, std::size_t from, std::size_t to) noexcept {
    return static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(from),
                                               text.begin() + static_cast<std::ptrdiff_t>(to),
                                               '\n'));
}

// The end of COPY data that starts at `pos`: just past its line "\." (psql also takes "\.\r"),
// or the end of the text, where psql too ends the data.
std::size_t copy_data_end(std::string_view text, std::size_t pos, bool& terminated) noexcept {
    while (pos < text.size()) {
        const std::size_t newline = text.find('\n', pos);
        const std::size_t line_end = newline == std::string_view::npos ? text.size() : newline;
        std::string_view line = text.substr(pos, line_end - pos);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line == "\\.") {
            terminated = true;
            return newline == std::string_view::npos ? text.size() : newline + 1;
        }
        if (newline == std::string_view::npos) {
            break;
        }
        pos = newline + 1;
    }
    terminated = false;
    return text.size();
}

}  // namespace

SqlDialect sql_dialect(std::string_view name) noexcept {
    if (name == "sqlite") {
        return SqlDialect::sqlite;
    }
    if (name == "postgres" || name == "postgresql") {
        return SqlDialect::postgres;
    }
    return SqlDialect::generic;
}

bool keyword_equals(std::string_view word, std::string_view upper_keyword) noexcept {
    if (word.size() != upper_keyword.size()) {
        return false;
    }
    for (std::size_t i = 0; i < word.size(); ++i) {
        auto c = static_cast<unsigned char>(word[i]);
        if (c >= 'a' && c <= 'z') {
            c = static_cast<unsigned char>(c - 'a' + 'A');
        }
        if (c != static_cast<unsigned char>(upper_keyword[i])) {
            return false;
        }
    }
    return true;
}

bool SqlLexer::is_word_byte(unsigned char c) const noexcept {
    // Both PostgreSQL and SQLite allow '$' inside an identifier (not at its start).
    return is_identifier_byte(c) || (c == '$' && dialect_ != SqlDialect::generic);
}

std::size_t SqlLexer::scan_quoted(std::size_t pos, char close, bool& terminated) const noexcept {
    // pos is just after the opening quote; a doubled closing quote stands for itself.
    while (pos < text_.size()) {
        auto found = text_.find(close, pos);
        if (found == std::string_view::npos) {
            break;
        }
        if (found + 1 < text_.size() && text_[found + 1] == close && close != ']') {
            pos = found + 2;
            continue;
        }
        terminated = true;
        return found + 1;
    }
    terminated = false;
    return text_.size();
}

std::size_t SqlLexer::scan_escape_string(std::size_t pos, bool& terminated) const noexcept {
    // E'...' on PostgreSQL: a backslash escapes the next byte, and '' still stands for '.
    while (pos < text_.size()) {
        char c = text_[pos];
        if (c == '\\') {
            pos += 2;
        } else if (c == '\'') {
            if (pos + 1 < text_.size() && text_[pos + 1] == '\'') {
                pos += 2;
            } else {
                terminated = true;
                return pos + 1;
            }
        } else {
            ++pos;
        }
    }
    terminated = false;
    return text_.size();
}

std::size_t SqlLexer::scan_block_comment(std::size_t pos, bool& terminated) const noexcept {
    // pos is just after "/*". PostgreSQL nests block comments; SQLite and the standard do not.
    const bool nests = dialect_ == SqlDialect::postgres;
    int depth = 1;
    while (pos + 1 < text_.size()) {
        if (text_[pos] == '*' && text_[pos + 1] == '/') {
            pos += 2;
            if (--depth == 0) {
                terminated = true;
                return pos;
            }
        } else if (nests && text_[pos] == '/' && text_[pos + 1] == '*') {
            pos += 2;
            ++depth;
        } else {
            ++pos;
        }
    }
    terminated = false;
    return text_.size();
}

std::size_t SqlLexer::dollar_tag_length(std::size_t pos) const noexcept {
    // $$ or $tag$ where the tag is an identifier without '$' that does not start with a digit.
    std::size_t i = pos + 1;
    if (i < text_.size() && text_[i] == '$') {
        return 2;
    }
    if (i >= text_.size()) {
        return 0;
    }
    auto first = static_cast<unsigned char>(text_[i]);
    if (!(is_ascii_letter(first) || first == '_' || first >= 0x80)) {
        return 0;
    }
    while (i < text_.size() && is_identifier_byte(static_cast<unsigned char>(text_[i]))) {
        ++i;
    }
    if (i < text_.size() && text_[i] == '$') {
        return i + 1 - pos;
    }
    return 0;
}

bool SqlLexer::next(Token& token) noexcept {
    if (pos_ >= text_.size()) {
        return false;
    }
    const std::size_t start = pos_;
    const auto c = static_cast<unsigned char>(text_[start]);
    const unsigned char c2 =
        start + 1 < text_.size() ? static_cast<unsigned char>(text_[start + 1]) : 0;
    bool terminated = true;
    TokenKind kind = TokenKind::symbol;
    std::size_t end = start + 1;

    if (is_space(c)) {
        kind = TokenKind::whitespace;
        while (end < text_.size() && is_space(static_cast<unsigned char>(text_[end]))) {
            ++end;
        }
    } else if (c == '-' && c2 == '-') {
        kind = TokenKind::line_comment;
        auto newline = text_.find('\n', start);
        end = newline == std::string_view::npos ? text_.size() : newline;
    } else if (c == '/' && c2 == '*') {
        kind = TokenKind::block_comment;
        end = scan_block_comment(start + 2, terminated);
    } else if (c == '\'') {
        kind = TokenKind::string;
        end = scan_quoted(start + 1, '\'', terminated);
    } else if (c == '"') {
        kind = TokenKind::quoted_identifier;
        end = scan_quoted(start + 1, '"', terminated);
    } else if (dialect_ == SqlDialect::sqlite && c == '`') {
        kind = TokenKind::quoted_identifier;
        end = scan_quoted(start + 1, '`', terminated);
    } else if (dialect_ == SqlDialect::sqlite && c == '[') {
        kind = TokenKind::quoted_identifier;
        end = scan_quoted(start + 1, ']', terminated);
    } else if (c == ';') {
        kind = TokenKind::semicolon;
    } else if (c == '$' && dialect_ == SqlDialect::postgres) {
        if (std::size_t tag = dollar_tag_length(start); tag != 0) {
            kind = TokenKind::dollar_quoted;
            auto close = text_.find(text_.substr(start, tag), start + tag);
            if (close == std::string_view::npos) {
                end = text_.size();
                terminated = false;
            } else {
                end = close + tag;
            }
        } else if (is_digit(c2)) {
            kind = TokenKind::parameter;
            while (end < text_.size() && is_digit(static_cast<unsigned char>(text_[end]))) {
                ++end;
            }
        }
    } else if (is_identifier_byte(c)) {
        kind = TokenKind::word;
        while (end < text_.size() && is_word_byte(static_cast<unsigned char>(text_[end]))) {
            ++end;
        }
        if (dialect_ == SqlDialect::postgres && end == start + 1 && (c == 'E' || c == 'e') &&
            end < text_.size() && text_[end] == '\'') {
            kind = TokenKind::string;
            end = scan_escape_string(end + 1, terminated);
        }
    }

    token.kind = kind;
    token.offset = start;
    token.length = end - start;
    token.line = line_;
    token.terminated = terminated;
    line_ += count_newlines(text_, start, end);
    pos_ = end;
    return true;
}

bool ScriptLexer::next(Token& token) noexcept {
    const std::string_view text = lexer_.text();
    if (state_ == State::data) {
        if (data_offset_ >= text.size()) {
            return false;  // the text ends right after the COPY statement's line
        }
        state_ = State::statement_start;
        bool terminated = true;
        const std::size_t end = copy_data_end(text, data_offset_, terminated);
        token =
            Token{TokenKind::copy_data, data_offset_, end - data_offset_, data_line_, terminated};
        lexer_ =
            SqlLexer(text, dialect_, end, data_line_ + count_newlines(text, data_offset_, end));
        return true;
    }
    if (!lexer_.next(token)) {
        return false;
    }
    if (state_ != State::data_next_line) {
        follow(token);
    } else if (token.kind == TokenKind::whitespace) {
        // The rest of the COPY statement's line is SQL (psql runs it after the data); the data
        // starts on the next line, so blanks are cut after their first newline.
        if (const std::size_t newline = text.find('\n', token.offset); newline < token.end()) {
            token.length = newline + 1 - token.offset;
            state_ = State::data;
            data_offset_ = newline + 1;
            data_line_ = token.line + 1;
            lexer_ = SqlLexer(text, dialect_, data_offset_, data_line_);
        }
    }
    return true;
}

void ScriptLexer::follow(const Token& token) noexcept {
    if (!token.significant()) {
        return;
    }
    if (token.kind == TokenKind::semicolon) {
        state_ = state_ == State::from_stdin ? State::data_next_line : State::statement_start;
        depth_ = 0;
        return;
    }
    const std::string_view text = lexer_.text_of(token);
    const bool word = token.kind == TokenKind::word;
    switch (state_) {
        case State::statement_start:
            state_ = word && keyword_equals(text, "COPY") ? State::copy : State::other;
            break;
        case State::copy:
            // FROM inside parentheses belongs to a query: COPY (SELECT ... FROM stdin) TO ...
            if (token.kind == TokenKind::symbol && text == "(") {
                ++depth_;
            } else if (token.kind == TokenKind::symbol && text == ")" && depth_ > 0) {
                --depth_;
            } else if (word && depth_ == 0 && keyword_equals(text, "FROM")) {
                state_ = State::copy_from;
            }
            break;
        case State::copy_from:
            state_ = word && keyword_equals(text, "STDIN") ? State::from_stdin : State::copy;
            break;
        default:
            break;
    }
}

}  // namespace deckhand::script
