// lint(): each script in order through its dialect's rules, then positions, waivers and fixes.
#include "deckhand/lint/linter.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "deckhand/lint/rules.hpp"
#include "deckhand/script/directives.hpp"
#include "deckhand/script/line_index.hpp"
#include "deckhand/script/placeholders.hpp"
#include "deckhand/script/sql_lexer.hpp"
#include "postgres_rules.hpp"
#include "sqlite_rules.hpp"
#include "waivers.hpp"

namespace deckhand::lint {

namespace {

// PostgreSQL truncates longer identifiers to this many bytes (NAMEDATALEN - 1).
constexpr std::size_t max_identifier_bytes = 63;

// Identifiers over 63 bytes, found in the text: the parser has already truncated them.
void long_identifiers(const std::string& sql, RawFindings& out) {
    script::SqlLexer lexer(sql, script::SqlDialect::postgres);
    script::Token token;
    while (lexer.next(token)) {
        const bool quoted = token.kind == script::TokenKind::quoted_identifier;
        if (token.kind != script::TokenKind::word && !quoted) {
            continue;
        }
        const std::size_t length = quoted ? token.length - 2 : token.length;
        if (length > max_identifier_bytes) {
            out.push_back({token.offset, "identifier-too-long",
                           "identifier of " + std::to_string(length) +
                               " bytes: PostgreSQL keeps only the first 63"});
        }
    }
}

void lint_postgres(const Script& script, pg::PostgresRules& rules, const PgParser& parser,
                   RawFindings& raw) {
    const PgParseResult parsed = parser(script.text);
    if (!parsed.error.empty()) {
        if (script.is_new) {
            raw.push_back({parsed.cursor > 0 ? parsed.cursor - 1 : 0, "syntax-error",
                           "PostgreSQL's parser refuses the script: " + parsed.error});
        }
        return;
    }
    rules.check(script, nlohmann::json::parse(parsed.json), raw);
    if (script.is_new) {
        long_identifiers(script.text, raw);
    }
}

// `script` with each ${name} placeholder turned into an identifier of the same length ("${schema}"
// -> "__schema_"), so that the parser reads the SQL migrate runs (where placeholders hold values)
// and every finding keeps its line and column. A script marked -- deckhand:no-placeholders keeps
// its ${...}, as migrate does. nullopt when there is nothing to change.
std::optional<Script> without_placeholders(const Script& script, script::SqlDialect dialect) {
    if (script.text.find("${") == std::string::npos) {
        return std::nullopt;
    }
    const auto uses = script::find_placeholders(script.text, dialect);
    if (uses.empty() ||
        script::has_directive(script::scan_directives(script.text, dialect, script.path),
                              "no-placeholders")) {
        return std::nullopt;
    }
    Script copy = script;
    for (const auto& use : uses) {
        for (std::size_t i = use.offset; i < use.offset + use.length; ++i) {
            const char c = copy.text[i];
            if (c == '$' || c == '{' || c == '}' || c == '.' || c == ':') {
                copy.text[i] = '_';
            }
        }
    }
    return copy;
}

}  // namespace

std::vector<Finding> lint(const std::vector<Script>& scripts, const Options& options,
                          const PgParser& parser) {
    std::vector<Finding> findings;
    std::optional<pg::PostgresRules> postgres;
    std::optional<sqlite::SqliteRules> sqlite;
    if (options.dialect == Dialect::postgres) {
        postgres.emplace(options);
    } else {
        sqlite.emplace();
    }
    const auto dialect = options.dialect == Dialect::postgres ? script::SqlDialect::postgres
                                                              : script::SqlDialect::sqlite;
    for (const auto& original : scripts) {
        const auto substituted = without_placeholders(original, dialect);
        const Script& script = substituted ? *substituted : original;
        RawFindings raw;
        if (postgres) {
            lint_postgres(script, *postgres, parser, raw);
        } else {
            sqlite->check(script, raw);
        }
        if (!script.is_new) {
            continue;
        }
        std::vector<Finding> own;
        const Waivers waivers(script, dialect, own);
        const script::LineIndex lines(script.text);
        for (auto& finding : raw) {
            const std::size_t line = lines.line_of(finding.offset);
            if (waivers.covers(finding.rule, line)) {
                continue;
            }
            own.push_back({script.path, line, lines.column_of(finding.offset),
                           std::move(finding.rule), std::move(finding.message), ""});
        }
        for (auto& finding : own) {
            if (const RuleInfo* rule = find_rule(finding.rule)) {
                finding.fix = std::string(rule->fix);
                finding.message += ": " + std::string(rule->why);
            }
        }
        std::stable_sort(own.begin(), own.end(), [](const Finding& a, const Finding& b) {
            return std::tie(a.line, a.column) < std::tie(b.line, b.column);
        });
        // One finding per rule and place: a statement may hit a rule through two paths.
        own.erase(std::unique(own.begin(), own.end(),
                              [](const Finding& a, const Finding& b) {
                                  return a.line == b.line && a.column == b.column &&
                                         a.rule == b.rule;
                              }),
                  own.end());
        findings.insert(findings.end(), std::make_move_iterator(own.begin()),
                        std::make_move_iterator(own.end()));
    }
    return findings;
}

}  // namespace deckhand::lint
