// Waivers (see waivers.hpp), read with the core's directive scanner so that a "-- deckhand:allow"
// inside a string or a function body is no waiver.
#include "waivers.hpp"

#include "deckhand/lint/rules.hpp"
#include "deckhand/script/directives.hpp"
#include "deckhand/script/line_index.hpp"
#include "deckhand/script/splitter.hpp"

namespace deckhand::lint {

namespace {
constexpr std::size_t whole_script = static_cast<std::size_t>(-1);
}

Waivers::Waivers(const Script& script, script::SqlDialect dialect, std::vector<Finding>& problems) {
    if (script.text.find("deckhand:allow") == std::string::npos) {
        return;  // nearly every script: no need to split it
    }
    for (const auto& statement : script::split_statements(script.text, dialect)) {
        const std::size_t end =
            statement.offset + (statement.text.empty() ? 0 : statement.text.size() - 1);
        last_lines_.push_back(script::line_at(script.text, end));
    }
    for (const auto& directive : script::scan_directives(script.text, dialect, script.path)) {
        if (directive.name != "allow") {
            continue;
        }
        const std::string rule =
            directive.arguments.empty() ? std::string() : directive.arguments[0];
        if (find_rule(rule) == nullptr) {
            problems.push_back({script.path, directive.line, 1, "waiver-unknown-rule",
                                "-- deckhand:allow " + rule + " names no rule deckhand knows", ""});
            continue;
        }
        if (directive.arguments.size() < 2) {
            problems.push_back({script.path, directive.line, 1, "waiver-without-reason",
                                "-- deckhand:allow " + rule + " gives no reason", ""});
            continue;
        }
        waivers_.push_back({rule, directive.leading ? whole_script : statement_of(directive.line)});
    }
}

std::size_t Waivers::statement_of(std::size_t line) const {
    for (std::size_t i = 0; i < last_lines_.size(); ++i) {
        if (last_lines_[i] >= line) {
            return i;
        }
    }
    return last_lines_.size();  // after the last statement: owns nothing
}

bool Waivers::covers(const std::string& rule, std::size_t line) const {
    if (waivers_.empty()) {
        return false;
    }
    const std::size_t statement = statement_of(line);
    for (const auto& waiver : waivers_) {
        if (waiver.rule == rule &&
            (waiver.statement == whole_script || waiver.statement == statement)) {
            return true;
        }
    }
    return false;
}

}  // namespace deckhand::lint
