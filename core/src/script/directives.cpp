// Directive comments: recognition, argument splitting and checking against a kind's rules.
#include "deckhand/script/directives.hpp"

#include "deckhand/errors.hpp"
#include "script/blanks.hpp"

namespace deckhand::script {
namespace {

bool valid_name(std::string_view name) noexcept {
    if (name.empty()) {
        return false;
    }
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return false;
        }
    }
    return name.front() != '-';
}

[[noreturn]] void fail(std::string_view display_path, std::size_t line, const std::string& why) {
    throw ConfigError(std::string(display_path) + ":" + std::to_string(line) + ": " + why);
}

std::vector<std::string> split_arguments(std::string_view text, std::string_view display_path,
                                         std::size_t line) {
    std::vector<std::string> arguments;
    std::size_t i = 0;
    while (true) {
        while (i < text.size() && is_line_blank(text[i])) {
            ++i;
        }
        if (i >= text.size()) {
            break;
        }
        std::string argument;
        bool quoted = false;
        for (; i < text.size() && (quoted || !is_line_blank(text[i])); ++i) {
            char c = text[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (quoted && c == '\\' && i + 1 < text.size()) {
                argument.push_back(text[++i]);
            } else {
                argument.push_back(c);
            }
        }
        if (quoted) {
            fail(display_path, line, "directive argument has an unterminated double quote");
        }
        arguments.push_back(std::move(argument));
    }
    return arguments;
}

}  // namespace

std::optional<Directive> parse_directive_comment(std::string_view comment,
                                                 std::string_view display_path, std::size_t line) {
    if (comment.substr(0, 2) == "--") {
        comment.remove_prefix(2);
    }
    std::size_t i = 0;
    while (i < comment.size() && is_line_blank(comment[i])) {
        ++i;
    }
    comment.remove_prefix(i);
    if (comment.substr(0, directive_prefix.size()) != directive_prefix) {
        return std::nullopt;
    }
    comment.remove_prefix(directive_prefix.size());
    std::size_t name_end = 0;
    while (name_end < comment.size() && !is_line_blank(comment[name_end])) {
        ++name_end;
    }
    std::string_view name = comment.substr(0, name_end);
    if (!valid_name(name)) {
        fail(display_path, line,
             "'-- deckhand:" + std::string(name) +
                 "' is not a directive; directive names are lower-case words such as "
                 "no-transaction");
    }
    Directive directive;
    directive.name = std::string(name);
    directive.arguments = split_arguments(comment.substr(name_end), display_path, line);
    directive.line = line;
    return directive;
}

std::vector<Directive> scan_directives(std::string_view sql, SqlDialect dialect,
                                       std::string_view display_path) {
    std::vector<Directive> directives;
    ScriptLexer lexer(sql, dialect);
    Token token;
    bool leading = true;
    while (lexer.next(token)) {
        if (token.kind == TokenKind::line_comment) {
            if (auto directive =
                    parse_directive_comment(lexer.text_of(token), display_path, token.line)) {
                directive->leading = leading;
                directives.push_back(std::move(*directive));
            }
        } else if (token.significant()) {
            leading = false;
        }
    }
    return directives;
}

void check_directives(const std::vector<Directive>& directives,
                      const std::vector<DirectiveRule>& rules, std::string_view display_path) {
    for (const auto& directive : directives) {
        const DirectiveRule* rule = nullptr;
        for (const auto& candidate : rules) {
            if (candidate.name == directive.name) {
                rule = &candidate;
            }
        }
        if (rule == nullptr) {
            std::string known;
            for (const auto& candidate : rules) {
                known += (known.empty() ? "" : ", ") + std::string(candidate.name);
            }
            fail(display_path, directive.line,
                 "unknown directive '-- deckhand:" + directive.name + "'" +
                     (known.empty() ? std::string(" (this kind of script takes none)")
                                    : " (known here: " + known + ")"));
        }
        if (rule->leading_only && !directive.leading) {
            fail(display_path, directive.line,
                 "'-- deckhand:" + directive.name +
                     "' must come before the script's first statement");
        }
        const auto count = directive.arguments.size();
        if (count < rule->min_arguments || count > rule->max_arguments) {
            std::string expected = rule->max_arguments == 0 ? "no arguments"
                                   : rule->min_arguments == rule->max_arguments
                                       ? std::to_string(rule->min_arguments) + " argument(s)"
                                       : "between " + std::to_string(rule->min_arguments) +
                                             " and " + std::to_string(rule->max_arguments) +
                                             " arguments";
            fail(display_path, directive.line,
                 "'-- deckhand:" + directive.name + "' takes " + expected + ", not " +
                     std::to_string(count));
        }
    }
}

bool has_directive(const std::vector<Directive>& directives, std::string_view name) noexcept {
    for (const auto& directive : directives) {
        if (directive.name == name) {
            return true;
        }
    }
    return false;
}

}  // namespace deckhand::script
