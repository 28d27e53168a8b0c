// Finding `:name` parameters with the SQL lexer and numbering them for the drivers.
#include "deckhand/script/named_parameters.hpp"

#include <algorithm>

namespace deckhand::script {
namespace {

bool is_parameter_name_start(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_parameter_name_byte(char c) noexcept {
    return is_parameter_name_start(c) || (c >= '0' && c <= '9');
}

}  // namespace

std::vector<NamedParameterUse> find_named_parameters(std::string_view sql, SqlDialect dialect) {
    std::vector<NamedParameterUse> uses;
    if (sql.find(':') == std::string_view::npos) {
        return uses;
    }
    ScriptLexer lexer(sql, dialect);
    Token token;
    bool previous_was_colon = false;  // the second ':' of a '::' cast is no parameter
    while (lexer.next(token)) {
        const bool colon = token.kind == TokenKind::symbol && sql[token.offset] == ':';
        if (colon && !previous_was_colon) {
            const std::size_t start = token.offset + 1;
            if (start < sql.size() && is_parameter_name_start(sql[start])) {
                std::size_t end = start + 1;
                while (end < sql.size() && is_parameter_name_byte(sql[end])) {
                    ++end;
                }
                uses.push_back({std::string(sql.substr(start, end - start)), token.offset,
                                end - token.offset, token.line});
            }
        }
        previous_was_colon = colon && !previous_was_colon;
        // "a:::b" cannot occur in valid SQL; a ':' after '::' starts afresh.
    }
    return uses;
}

NumberedParameters number_named_parameters(std::string_view sql, SqlDialect dialect) {
    NumberedParameters out;
    const auto uses = find_named_parameters(sql, dialect);
    out.sql.reserve(sql.size() + uses.size() * 2);
    std::size_t copied = 0;
    for (const auto& use : uses) {
        auto known = std::find(out.names.begin(), out.names.end(), use.name);
        const std::size_t number = static_cast<std::size_t>(known - out.names.begin()) + 1;
        if (known == out.names.end()) {
            out.names.push_back(use.name);
        }
        out.sql.append(sql.substr(copied, use.offset - copied));
        // "LIMIT:n" must not become the identifier "LIMIT$1".
        if (!out.sql.empty() && (is_parameter_name_byte(out.sql.back()) || out.sql.back() == '$')) {
            out.sql += ' ';
        }
        out.sql += '$';
        out.sql += std::to_string(number);
        copied = use.offset + use.length;
    }
    out.sql.append(sql.substr(copied));
    return out;
}

}  // namespace deckhand::script
