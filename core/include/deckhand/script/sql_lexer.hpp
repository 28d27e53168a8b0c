// A small SQL lexer that knows where strings, quoted identifiers, comments and dollar-quoted
// bodies begin and end, per dialect. It is the one place that knows SQL's quoting rules: the
// statement splitter, the directive scanner, placeholder substitution and lint all build on it.
#pragma once

#include <cstddef>
#include <string_view>

#include "deckhand/export.hpp"

namespace deckhand::script {

// Quoting rules differ: PostgreSQL has $tag$ bodies, E'' strings and nested block comments;
// SQLite has [identifiers] and `identifiers`. generic is standard SQL.
enum class SqlDialect { generic, sqlite, postgres };

// "sqlite" → sqlite, "postgres"/"postgresql" → postgres, anything else → generic.
DECKHAND_API SqlDialect sql_dialect(std::string_view name) noexcept;

enum class TokenKind {
    whitespace,
    line_comment,       // -- to the end of the line (the newline is not part of it)
    block_comment,      // /* ... */
    word,               // keywords, identifiers, numbers
    string,             // '...', E'...' (postgres)
    quoted_identifier,  // "...", and on SQLite [...] and `...`
    dollar_quoted,      // $tag$ ... $tag$ (postgres)
    parameter,          // $1 (postgres)
    semicolon,
    symbol,  // any other single byte
};

struct Token {
    TokenKind kind = TokenKind::whitespace;
    std::size_t offset = 0;  // byte offset of the first byte
    std::size_t length = 0;
    std::size_t line = 1;    // 1-based line of the first byte
    bool terminated = true;  // false for a quote or comment that runs to the end of the text

    std::size_t end() const noexcept { return offset + length; }
    bool significant() const noexcept {
        return kind != TokenKind::whitespace && kind != TokenKind::line_comment &&
               kind != TokenKind::block_comment;
    }
};

// Reads tokens one by one; never throws, never allocates. Every byte of the text belongs to
// exactly one token, so tokens tile the text.
class DECKHAND_API SqlLexer {
  public:
    SqlLexer(std::string_view text, SqlDialect dialect) noexcept : text_(text), dialect_(dialect) {}

    // The next token, or false at the end of the text.
    bool next(Token& token) noexcept;

    std::string_view text() const noexcept { return text_; }
    std::string_view text_of(const Token& token) const noexcept {
        return text_.substr(token.offset, token.length);
    }

  private:
    std::size_t scan_quoted(std::size_t pos, char close, bool& terminated) const noexcept;
    std::size_t scan_escape_string(std::size_t pos, bool& terminated) const noexcept;
    std::size_t scan_block_comment(std::size_t pos, bool& terminated) const noexcept;
    // The length of a $tag$ opener at pos, or 0 if there is none.
    std::size_t dollar_tag_length(std::size_t pos) const noexcept;
    bool is_word_byte(unsigned char c) const noexcept;

    std::string_view text_;
    SqlDialect dialect_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

// Case-insensitive comparison of a word against an upper-case ASCII keyword.
DECKHAND_API bool keyword_equals(std::string_view word, std::string_view upper_keyword) noexcept;

}  // namespace deckhand::script
