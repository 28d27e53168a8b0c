// A small SQL lexer that knows where strings, quoted identifiers, comments and dollar-quoted
// bodies begin and end, per dialect; and ScriptLexer, which reads a whole script as psql does,
// the inline data of COPY ... FROM STDIN included. It is the one place that knows SQL's quoting
// rules: the statement splitter, the directive scanner, placeholder substitution and lint all
// build on it.
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
    // Since plugin API 1.2, from ScriptLexer only: the lines after a COPY ... FROM STDIN
    // statement, from the line after its ';' through the line "\." that ends them: data, not SQL.
    copy_data,
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
    // Since plugin API 1.2: reads `text` from `offset`, which is on line `line`.
    SqlLexer(std::string_view text, SqlDialect dialect, std::size_t offset,
             std::size_t line) noexcept
        : text_(text), dialect_(dialect), pos_(offset), line_(line) {}

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

// Since plugin API 1.2. Reads a script as psql does: SqlLexer's tokens, except that the lines
// after a COPY ... FROM STDIN statement (from the line after its ';' through the line "\.", or
// to the end of the text when there is none) are one copy_data token. Every consumer of a
// whole script uses it, so that a quote, "--" or "${" in COPY data is data. (A class of its
// own rather than more state in SqlLexer, whose size plugins built for API 1.1 rely on.)
class DECKHAND_API ScriptLexer {
  public:
    ScriptLexer(std::string_view text, SqlDialect dialect) noexcept
        : lexer_(text, dialect), dialect_(dialect) {}

    bool next(Token& token) noexcept;

    // True from the words FROM STDIN of a COPY statement until its data begins: the statement
    // being read, or the one its ';' just ended, is a COPY ... FROM STDIN.
    bool in_copy_from_stdin() const noexcept {
        return state_ == State::from_stdin || state_ == State::data_next_line ||
               state_ == State::data;
    }

    std::string_view text() const noexcept { return lexer_.text(); }
    std::string_view text_of(const Token& token) const noexcept { return lexer_.text_of(token); }

  private:
    // Follows each statement just far enough to know whether it is COPY ... FROM STDIN.
    void follow(const Token& token) noexcept;

    enum class State : unsigned char {
        statement_start,  // no significant token since the last ';'
        other,            // a statement that is not COPY
        copy,             // COPY ...
        copy_from,        // COPY ... FROM (outside parentheses)
        from_stdin,       // COPY ... FROM STDIN ..., until its ';'
        data_next_line,   // after that ';': the data starts on the next line
        data,             // the next token is the data
    };

    SqlLexer lexer_;
    SqlDialect dialect_;
    State state_ = State::statement_start;
    std::size_t depth_ = 0;        // parentheses open in a COPY statement
    std::size_t data_offset_ = 0;  // where the data starts, in state data
    std::size_t data_line_ = 1;
};

// Case-insensitive comparison of a word against an upper-case ASCII keyword.
DECKHAND_API bool keyword_equals(std::string_view word, std::string_view upper_keyword) noexcept;

}  // namespace deckhand::script
