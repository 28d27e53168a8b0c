// The statement splitter: tokens from SqlLexer, and a little state for bodies that contain ';'.
#include "deckhand/script/splitter.hpp"

namespace deckhand::script {
namespace {

// Tracks what the current statement is, far enough to know whether a ';' ends it.
class StatementShape {
  public:
    void reset() noexcept { *this = StatementShape(); }

    // Feeds the statement's next significant token.
    void add(const Token& token, std::string_view text, SqlDialect dialect) noexcept {
        const bool is_word = token.kind == TokenKind::word;
        const std::size_t index = significant_++;
        if (!is_word) {
            // psql's rule: a ')' without its '(' opens nothing, so it cannot keep the rest of a
            // broken script from being split (the server then reports it, on its line).
            if (token.kind == TokenKind::symbol && text == "(") {
                ++parentheses_;
            } else if (token.kind == TokenKind::symbol && text == ")" && parentheses_ > 0) {
                --parentheses_;
            }
            previous_was_begin_ = false;
            if (deciding_) {
                deciding_ = false;
            }
            return;
        }
        if (index == 0) {
            creates_ = keyword_equals(text, "CREATE");
            deciding_ = creates_;
        } else if (deciding_) {
            // CREATE [TEMP|TEMPORARY] [OR REPLACE] TRIGGER: bodies may hold BEGIN ... END.
            trigger_ = keyword_equals(text, "TRIGGER");
            deciding_ =
                !trigger_ && (keyword_equals(text, "TEMP") || keyword_equals(text, "TEMPORARY") ||
                              keyword_equals(text, "OR") || keyword_equals(text, "REPLACE"));
        }

        const bool opens_block =
            (trigger_ && keyword_equals(text, "BEGIN")) ||
            // CREATE FUNCTION ... BEGIN ATOMIC ... END (SQL-standard bodies, PostgreSQL 14+).
            (creates_ && dialect == SqlDialect::postgres && previous_was_begin_ &&
             keyword_equals(text, "ATOMIC")) ||
            (depth_ > 0 && keyword_equals(text, "CASE"));
        if (opens_block) {
            ++depth_;
        } else if (depth_ > 0 && keyword_equals(text, "END")) {
            --depth_;
        }
        previous_was_begin_ = keyword_equals(text, "BEGIN");
    }

    bool inside_body() const noexcept { return depth_ > 0 || parentheses_ > 0; }

  private:
    std::size_t significant_ = 0;
    bool creates_ = false;
    bool deciding_ = false;
    bool trigger_ = false;
    bool previous_was_begin_ = false;
    int depth_ = 0;
    std::size_t parentheses_ = 0;
};

}  // namespace

std::vector<Statement> split_statements(std::string_view sql, SqlDialect dialect) {
    std::vector<Statement> statements;
    SqlLexer lexer(sql, dialect);
    StatementShape shape;
    Token token;
    bool in_statement = false;
    std::size_t start = 0;
    std::size_t start_line = 1;
    std::size_t last_end = 0;

    auto finish = [&] {
        statements.push_back(Statement{sql.substr(start, last_end - start), start, start_line});
        in_statement = false;
        shape.reset();
    };

    while (lexer.next(token)) {
        if (!token.significant()) {
            continue;
        }
        if (token.kind == TokenKind::semicolon && !shape.inside_body()) {
            if (in_statement) {
                finish();
            }
            continue;
        }
        if (!in_statement) {
            in_statement = true;
            start = token.offset;
            start_line = token.line;
        }
        last_end = token.end();
        shape.add(token, lexer.text_of(token), dialect);
    }
    if (in_statement) {
        finish();
    }
    return statements;
}

std::optional<Statement> find_transaction_control(std::string_view sql, SqlDialect dialect) {
    for (const auto& statement : split_statements(sql, dialect)) {
        // The first two words decide; a statement starts with a word if it is one of these.
        SqlLexer lexer(statement.text, dialect);
        Token token;
        std::string_view words[2];
        std::size_t count = 0;
        while (count < 2 && lexer.next(token)) {
            if (!token.significant()) {
                continue;
            }
            if (token.kind != TokenKind::word) {
                break;
            }
            words[count++] = lexer.text_of(token);
        }
        if (count == 0) {
            continue;
        }
        const auto first = words[0];
        const bool control = keyword_equals(first, "BEGIN") || keyword_equals(first, "COMMIT") ||
                             keyword_equals(first, "END") || keyword_equals(first, "ABORT") ||
                             (keyword_equals(first, "ROLLBACK") &&
                              !(count == 2 && keyword_equals(words[1], "TO"))) ||
                             (keyword_equals(first, "START") && count == 2 &&
                              keyword_equals(words[1], "TRANSACTION"));
        if (control) {
            return statement;
        }
    }
    return std::nullopt;
}

bool has_statements(std::string_view sql, SqlDialect dialect) noexcept {
    SqlLexer lexer(sql, dialect);
    Token token;
    while (lexer.next(token)) {
        if (token.significant() && token.kind != TokenKind::semicolon) {
            return true;
        }
    }
    return false;
}

}  // namespace deckhand::script
