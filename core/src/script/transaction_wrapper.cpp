// Finding and blanking a BEGIN ... COMMIT pair that wraps a whole golang-migrate or dbmate file.
#include "script/transaction_wrapper.hpp"

#include <vector>

#include "deckhand/script/splitter.hpp"

namespace deckhand::script {
namespace {

// The first `count` words of a statement (fewer when it has fewer, or starts otherwise).
std::vector<std::string_view> leading_words(std::string_view statement, SqlDialect dialect,
                                            std::size_t count) {
    SqlLexer lexer(statement, dialect);
    Token token;
    std::vector<std::string_view> words;
    while (words.size() < count && lexer.next(token)) {
        if (!token.significant()) {
            continue;
        }
        if (token.kind != TokenKind::word) {
            break;
        }
        words.push_back(lexer.text_of(token));
    }
    return words;
}

bool opens_transaction(std::string_view statement, SqlDialect dialect) {
    const auto words = leading_words(statement, dialect, 2);
    if (words.empty()) {
        return false;
    }
    return keyword_equals(words[0], "BEGIN") ||
           (keyword_equals(words[0], "START") && words.size() == 2 &&
            keyword_equals(words[1], "TRANSACTION"));
}

bool closes_transaction(std::string_view statement, SqlDialect dialect) {
    const auto words = leading_words(statement, dialect, 1);
    return !words.empty() &&
           (keyword_equals(words[0], "COMMIT") || keyword_equals(words[0], "END"));
}

// SQLite's twelve steps set foreign_keys outside their transaction; inside deckhand's (with
// enforcement already off) the setting is a no-op, as it is for the sqlite3 shell.
bool may_stand_outside(std::string_view statement, SqlDialect dialect) {
    if (dialect != SqlDialect::sqlite) {
        return false;
    }
    const auto words = leading_words(statement, dialect, 2);
    return words.size() == 2 && keyword_equals(words[0], "PRAGMA") &&
           keyword_equals(words[1], "FOREIGN_KEYS");
}

// The offset just past the ';' that ends the statement starting at `statement.offset`, or its
// end when no ';' follows (the last statement of a file may lack one).
std::size_t end_with_semicolon(std::string_view sql, const Statement& statement,
                               SqlDialect dialect) {
    const std::size_t end = statement.offset + statement.text.size();
    SqlLexer lexer(sql, dialect, end, statement.line);
    Token token;
    while (lexer.next(token)) {
        if (token.kind == TokenKind::semicolon) {
            return token.end();
        }
        if (token.significant()) {
            break;
        }
    }
    return end;
}

void blank(std::string& text, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
        if (text[i] != '\n' && text[i] != '\r') {
            text[i] = ' ';
        }
    }
}

}  // namespace

std::optional<std::string> strip_transaction_wrapper(std::string_view sql, SqlDialect dialect) {
    if (sql.empty()) {
        return std::nullopt;
    }
    const auto statements = split_statements(sql, dialect);
    std::size_t first = 0;
    while (first < statements.size() && may_stand_outside(statements[first].text, dialect)) {
        ++first;
    }
    std::size_t last = statements.size();
    while (last > first + 1 && may_stand_outside(statements[last - 1].text, dialect)) {
        --last;
    }
    if (last < first + 2 || !opens_transaction(statements[first].text, dialect) ||
        !closes_transaction(statements[last - 1].text, dialect)) {
        return std::nullopt;
    }
    std::string out(sql);
    const auto& open = statements[first];
    const auto& close = statements[last - 1];
    blank(out, open.offset, end_with_semicolon(sql, open, dialect));
    blank(out, close.offset, end_with_semicolon(sql, close, dialect));
    // Control inside as well (two transactions, a ROLLBACK): not a wrapper; the file stays as
    // written, for the run's check to refuse.
    if (find_transaction_control(out, dialect)) {
        return std::nullopt;
    }
    return out;
}

}  // namespace deckhand::script
