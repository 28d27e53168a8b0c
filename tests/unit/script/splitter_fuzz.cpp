// libFuzzer target for the statement splitter (build notes in CMakeLists.txt). Beyond "does not
// crash", it checks what callers rely on: statements are non-empty, in order, inside the text,
// start on a significant character and end on one (unless a quote is left open at the end), and
// carry the line their offset is on; the lexer's tokens tile the text exactly; and a ';' is kept
// inside a statement only within parentheses (never opened by a stray ')') or a BEGIN body;
// COPY data lies after its statement and before the next one; a meta-command found is a
// backslash outside every statement's COPY data.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "deckhand/script/line_index.hpp"
#include "deckhand/script/psql_commands.hpp"
#include "deckhand/script/splitter.hpp"
#include "deckhand/script/sql_lexer.hpp"

namespace {

void require(bool condition) {
    if (!condition) std::abort();
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Outside BEGIN ... END bodies, a statement holds a ';' only inside parentheses; a ')' without
// its '(' opens nothing.
void check_semicolons_inside(std::string_view text, deckhand::script::SqlDialect dialect) {
    using namespace deckhand::script;
    SqlLexer lexer(text, dialect);
    Token token;
    std::size_t depth = 0;
    bool has_body = false;
    bool bare_semicolon = false;
    while (lexer.next(token)) {
        const auto piece = lexer.text_of(token);
        if (token.kind == TokenKind::word &&
            (keyword_equals(piece, "BEGIN") || keyword_equals(piece, "ATOMIC"))) {
            has_body = true;
        } else if (token.kind == TokenKind::symbol && piece == "(") {
            ++depth;
        } else if (token.kind == TokenKind::symbol && piece == ")") {
            depth -= depth > 0 ? 1 : 0;
        } else if (token.kind == TokenKind::semicolon && depth == 0) {
            bare_semicolon = true;
        }
    }
    require(has_body || !bare_semicolon);
}

void check(std::string_view sql, deckhand::script::SqlDialect dialect) {
    using namespace deckhand::script;
    SqlLexer lexer(sql, dialect);
    Token token;
    std::size_t covered = 0;
    while (lexer.next(token)) {
        require(token.offset == covered && token.length > 0);
        covered = token.end();
    }
    require(covered == sql.size());
    ScriptLexer script_lexer(sql, dialect);
    covered = 0;
    while (script_lexer.next(token)) {
        require(token.offset == covered && token.length > 0);
        covered = token.end();
    }
    require(covered == sql.size());

    LineIndex lines(sql);
    std::size_t previous_end = 0;
    for (const auto& statement : split_statements(sql, dialect)) {
        require(!statement.text.empty());
        require(statement.offset >= previous_end);
        require(statement.text.data() == sql.data() + statement.offset);
        require(statement.offset + statement.text.size() <= sql.size());
        require(!is_space(statement.text.front()));
        // Only a quote or comment left open at the end of the text may end in blank space.
        const bool runs_to_end = statement.offset + statement.text.size() == sql.size();
        require(runs_to_end || !is_space(statement.text.back()));
        require(statement.text.front() != ';');
        require(statement.line == lines.line_of(statement.offset));
        check_semicolons_inside(statement.text, dialect);
        previous_end = statement.offset + statement.text.size();
    }
    const auto statements = split_statements(sql, dialect);
    require(has_statements(sql, dialect) == !statements.empty());
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const auto& statement = statements[i];
        const auto data = copy_data(sql, statement, dialect);
        if (!data) {
            continue;
        }
        require(data->offset >= statement.offset + statement.text.size());
        require(data->offset + data->text.size() <= sql.size());
        require(data->text.empty() || data->text.data() == sql.data() + data->offset);
        require(data->text.empty() || data->line == lines.line_of(data->offset));
        // Statements on the COPY's own line come before its data; none starts inside it.
        for (std::size_t j = i + 1; j < statements.size(); ++j) {
            const auto start = statements[j].offset;
            require(start < data->offset || start >= data->offset + data->text.size());
        }
        if (auto meta = find_meta_command(sql, dialect)) {
            require(meta->offset < data->offset ||
                    meta->offset >= data->offset + data->text.size());
        }
    }
    if (auto meta = find_meta_command(sql, dialect)) {
        require(sql[meta->offset] == '\\' && meta->name.data() == sql.data() + meta->offset);
        require(meta->line == lines.line_of(meta->offset));
    }
    // A transaction control statement is one of the statements.
    if (auto control = find_transaction_control(sql, dialect)) {
        bool found = false;
        for (const auto& statement : statements)
            found = found || statement.offset == control->offset;
        require(found);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view sql(reinterpret_cast<const char*>(data), size);
    check(sql, deckhand::script::SqlDialect::generic);
    check(sql, deckhand::script::SqlDialect::sqlite);
    check(sql, deckhand::script::SqlDialect::postgres);
    return 0;
}
