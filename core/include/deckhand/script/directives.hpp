// Directives: line comments of the form `-- deckhand:<name> <arguments...>` that tell deckhand
// how to treat a script (migrate: no-transaction; tasks: command, summary, param; lint: allow).
// Arguments are separated by blanks; double quotes group words ("Posts older than this"), and
// inside them a backslash escapes the next character.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/export.hpp"
#include "deckhand/script/sql_lexer.hpp"

namespace deckhand::script {

struct Directive {
    std::string name;                    // "no-transaction", "param"
    std::vector<std::string> arguments;  // quotes removed
    std::size_t line = 1;                // 1-based
    bool leading = true;                 // before the script's first statement
};

inline constexpr std::string_view directive_prefix = "deckhand:";

// Parses the text of one line comment (with or without its leading "--"). Returns nullopt if
// it is not a directive; throws ConfigError "<display_path>:<line>: ..." if it is a malformed one.
DECKHAND_API std::optional<Directive> parse_directive_comment(std::string_view comment,
                                                              std::string_view display_path,
                                                              std::size_t line);

// Every directive in the script's line comments (never inside strings or bodies), in order.
DECKHAND_API std::vector<Directive> scan_directives(std::string_view sql, SqlDialect dialect,
                                                    std::string_view display_path);

// Checks directives against what a kind of script accepts; throws ConfigError naming the file
// and line of the first directive that is unknown, misplaced, or has the wrong arguments.
struct DirectiveRule {
    std::string_view name;
    std::size_t min_arguments = 0;
    std::size_t max_arguments = 0;
    bool leading_only = true;  // must come before the first statement
};
DECKHAND_API void check_directives(const std::vector<Directive>& directives,
                                   const std::vector<DirectiveRule>& rules,
                                   std::string_view display_path);

// True when `directives` holds one named `name`.
DECKHAND_API bool has_directive(const std::vector<Directive>& directives,
                                std::string_view name) noexcept;

}  // namespace deckhand::script
