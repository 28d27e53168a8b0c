// Finding psql meta-commands in a script, and refusing what only psql (or only PostgreSQL) runs.
#include "deckhand/script/psql_commands.hpp"

#include <array>
#include <string>

#include "deckhand/errors.hpp"

namespace deckhand::script {
namespace {

bool is_variable_name_byte(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_blank(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The meta-command at `offset` (a backslash): letters as psql reads a name (\set, \gset), or
// the one character after the backslash (\!, \., \\).
std::string_view name_at(std::string_view sql, std::size_t offset) noexcept {
    std::size_t end = offset + 1;
    if (end < sql.size() && is_variable_name_byte(sql[end])) {
        while (end < sql.size() && is_variable_name_byte(sql[end])) {
            ++end;
        }
    } else if (end < sql.size() && !is_blank(sql[end])) {
        ++end;
    }
    return sql.substr(offset, end - offset);
}

struct Advice {
    std::array<std::string_view, 4> names;  // without the backslash
    std::string_view text;
};

// What to write instead, for the meta-commands that migration folders written for psql use.
constexpr std::array<Advice, 9> advice{{
    {{"i", "ir", "include", "include_relative"},
     "make the file it includes a migration of its own, with the next version"},
    {{"copy"},
     "write COPY ... FROM STDIN; with the rows on the lines after it, ended by a line \\., "
     "as pg_dump does"},
    {{"set", "unset"}, "use a placeholder ${name} and pass --set name=VALUE"},
    {{"c", "connect"},
     "deckhand runs every script on the database of --database-url; keep one migrations folder "
     "per database"},
    {{"gexec"}, "run the statements the query builds with EXECUTE in a DO block"},
    {{"g", "gset", "gx", "gdesc"}, "end the statement with ';'"},
    {{"echo", "qecho", "warn"}, "use a comment, or RAISE NOTICE in a DO block"},
    {{"if", "elif", "else", "endif"}, "put conditional steps in a DO block"},
    {{"o", "out", "w", "write"}, "remove it: a migration writes no files"},
}};

std::string_view advice_for(std::string_view name) noexcept {
    for (const auto& entry : advice) {
        for (std::string_view candidate : entry.names) {
            if (!candidate.empty() && name == candidate) {  // psql's names are case-sensitive
                return entry.text;
            }
        }
    }
    return {};
}

}  // namespace

std::optional<MetaCommand> find_meta_command(std::string_view sql, SqlDialect dialect) noexcept {
    if (sql.find('\\') == std::string_view::npos) {
        return std::nullopt;
    }
    ScriptLexer lexer(sql, dialect);
    Token token;
    while (lexer.next(token)) {
        if (token.kind == TokenKind::symbol && sql[token.offset] == '\\') {
            return MetaCommand{name_at(sql, token.offset), token.offset, token.line};
        }
    }
    return std::nullopt;
}

void refuse_psql_only_syntax(std::string_view sql, SqlDialect dialect,
                             std::string_view display_path) {
    // COPY data with its closing line holds a backslash too: one search spares most scripts
    // the lexer (status reads ten thousand of them).
    if (sql.find('\\') == std::string_view::npos) {
        return;
    }
    const std::string where = std::string(display_path) + ":";
    ScriptLexer lexer(sql, dialect);
    Token token;
    bool statement_start = true;
    std::size_t copy_line = 1;  // where the last statement that starts with COPY starts
    while (lexer.next(token)) {
        if (token.kind == TokenKind::symbol && sql[token.offset] == '\\') {
            const std::string_view name = name_at(sql, token.offset);
            if (name == "\\.") {
                throw ConfigError(where + std::to_string(token.line) +
                                  ": \\. ends the data of a COPY ... FROM STDIN, but no such "
                                  "statement comes before it");
            }
            std::string message = where + std::to_string(token.line) + ": " + std::string(name) +
                                  " is a psql meta-command, but deckhand sends scripts to the "
                                  "database server, not to psql";
            if (const auto instead = advice_for(name.substr(1)); !instead.empty()) {
                message.append("; ").append(instead);
            }
            throw ConfigError(message);
        }
        if (token.kind == TokenKind::copy_data && dialect == SqlDialect::sqlite) {
            throw ConfigError(where + std::to_string(copy_line) +
                              ": COPY ... FROM STDIN is PostgreSQL's, and SQLite has no COPY; "
                              "write the rows as INSERT statements");
        }
        if (token.significant()) {
            if (statement_start && token.kind == TokenKind::word &&
                keyword_equals(lexer.text_of(token), "COPY")) {
                copy_line = token.line;
            }
            statement_start = token.kind == TokenKind::semicolon;
        }
    }
}

}  // namespace deckhand::script
