// The statement splitter: tokens from SqlLexer, and a little state for bodies that contain ';'.
#include "deckhand/script/splitter.hpp"

#include <algorithm>
#include <string>

#include "deckhand/errors.hpp"

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

bool is_word_byte(char c) noexcept {
    const auto byte = static_cast<unsigned char>(c);
    return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
           (byte >= '0' && byte <= '9') || byte == '_' || byte == '$' || byte >= 0x80;
}

// The text of COPY data without its closing line "\.", which is the data's last line.
std::string_view without_end_marker(std::string_view data) {
    if (!data.empty() && data.back() == '\n') {
        data.remove_suffix(1);
    }
    const auto newline = data.rfind('\n');
    return newline == std::string_view::npos ? std::string_view() : data.substr(0, newline + 1);
}

}  // namespace

std::vector<Statement> split_statements(std::string_view sql, SqlDialect dialect) {
    std::vector<Statement> statements;
    ScriptLexer lexer(sql, dialect);
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
        if (token.kind == TokenKind::copy_data) {
            // The data of a COPY before it (see copy_data); it ends whatever came between.
            if (in_statement) {
                finish();
            }
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

std::optional<CopyData> copy_data(std::string_view sql, const Statement& statement,
                                  SqlDialect dialect) {
    const std::string_view head = statement.text.substr(0, 5);
    if (head.size() < 4 || !keyword_equals(head.substr(0, 4), "COPY") ||
        (head.size() == 5 && is_word_byte(head[4]))) {
        return std::nullopt;
    }
    const std::string_view rest = sql.substr(statement.offset);
    ScriptLexer lexer(rest, dialect);
    Token token;
    while (lexer.next(token)) {
        if (token.kind == TokenKind::copy_data) {
            const std::string_view data = lexer.text_of(token);
            return CopyData{token.terminated ? without_end_marker(data) : data,
                            statement.offset + token.offset, statement.line + token.line - 1,
                            token.terminated};
        }
        if (token.kind == TokenKind::semicolon && !lexer.in_copy_from_stdin()) {
            return std::nullopt;  // COPY ... TO, or FROM a file
        }
    }
    if (!lexer.in_copy_from_stdin()) {
        return std::nullopt;
    }
    // The script ends before any data: psql would send none.
    const auto newlines = static_cast<std::size_t>(std::count(rest.begin(), rest.end(), '\n'));
    return CopyData{std::string_view(), sql.size(), statement.line + newlines, false};
}

namespace {

// The words that make `statement` one that starts or ends a transaction ("COMMIT",
// "START TRANSACTION"), or "" when it is not one. The first three words decide.
std::string_view control_words(std::string_view statement, SqlDialect dialect) {
    SqlLexer lexer(statement, dialect);
    Token token;
    std::string_view words[3];
    std::size_t count = 0;
    while (count < 3 && lexer.next(token)) {
        if (!token.significant()) {
            continue;
        }
        if (token.kind != TokenKind::word) {
            break;
        }
        words[count++] = lexer.text_of(token);
    }
    if (count == 0) {
        return {};
    }
    const auto first = words[0];
    auto word_is = [&](std::size_t i, std::string_view upper) {
        return i < count && keyword_equals(words[i], upper);
    };
    // Both words, as written: from the first one's start to the second one's end.
    auto two_words = [&] {
        return statement.substr(
            0, static_cast<std::size_t>(words[1].data() - statement.data()) + words[1].size());
    };
    if (keyword_equals(first, "BEGIN") || keyword_equals(first, "COMMIT") ||
        keyword_equals(first, "END") || keyword_equals(first, "ABORT")) {
        return first;  // COMMIT PREPARED and COMMIT AND CHAIN too
    }
    if (keyword_equals(first, "ROLLBACK")) {
        // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name stays inside the transaction.
        const std::size_t to = word_is(1, "WORK") || word_is(1, "TRANSACTION") ? 2 : 1;
        return word_is(to, "TO") ? std::string_view() : first;
    }
    // START TRANSACTION opens one; PREPARE TRANSACTION hands the open one to the server.
    if ((keyword_equals(first, "START") || keyword_equals(first, "PREPARE")) &&
        word_is(1, "TRANSACTION")) {
        return two_words();
    }
    return {};
}

}  // namespace

std::optional<Statement> find_transaction_control(std::string_view sql, SqlDialect dialect) {
    for (const auto& statement : split_statements(sql, dialect)) {
        if (!control_words(statement.text, dialect).empty()) {
            return statement;
        }
    }
    return std::nullopt;
}

void refuse_transaction_control(std::string_view sql, SqlDialect dialect,
                                std::string_view display_path, std::string_view remedy) {
    const auto control = find_transaction_control(sql, dialect);
    if (!control) {
        return;
    }
    throw ConfigError(std::string(display_path) + ":" + std::to_string(control->line) + ": '" +
                      std::string(control_words(control->text, dialect)) +
                      "' controls transactions, but deckhand runs this script in a transaction "
                      "of its own; " +
                      std::string(remedy));
}

bool has_statements(std::string_view sql, SqlDialect dialect) noexcept {
    ScriptLexer lexer(sql, dialect);
    Token token;
    while (lexer.next(token)) {
        if (token.significant() && token.kind != TokenKind::semicolon) {
            return true;
        }
    }
    return false;
}

}  // namespace deckhand::script
