// The three report formats (see report.hpp).
#include "deckhand/lint/report.hpp"

#include <nlohmann/json.hpp>

#include "deckhand/errors.hpp"
#include "deckhand/lint/rules.hpp"

namespace deckhand::lint {

using nlohmann::json;

OutputFormat parse_output_format(std::string_view text) {
    if (text == "text") {
        return OutputFormat::text;
    }
    if (text == "json") {
        return OutputFormat::json;
    }
    if (text == "sarif") {
        return OutputFormat::sarif;
    }
    throw UsageError("--output expects text, json or sarif, not '" + std::string(text) + "'");
}

namespace {

// SARIF's level, also in the JSON report: hygiene is a warning (migrate --lint applies scripts
// that have only warnings); what breaks the previous version or locks a table is an error.
const char* level_of(const RuleInfo* rule) {
    return rule != nullptr && rule->category == Category::hygiene ? "warning" : "error";
}

void write_text(std::ostream& out, const std::vector<Finding>& findings, std::size_t scripts) {
    for (const auto& finding : findings) {
        out << finding.file << ':' << finding.line << ':' << finding.column << ' ' << finding.rule
            << ' ' << finding.message << '\n';
        if (!finding.fix.empty()) {
            out << "  fix: " << finding.fix << '\n';
        }
    }
    out << findings.size() << (findings.size() == 1 ? " finding" : " findings") << " in " << scripts
        << (scripts == 1 ? " script" : " scripts") << '\n';
}

void write_json(std::ostream& out, const std::vector<Finding>& findings, std::size_t scripts) {
    json list = json::array();
    for (const auto& finding : findings) {
        const RuleInfo* rule = find_rule(finding.rule);
        list.push_back({{"file", finding.file},
                        {"line", finding.line},
                        {"column", finding.column},
                        {"rule", finding.rule},
                        {"category", rule != nullptr ? to_string(rule->category) : "hygiene"},
                        {"level", level_of(rule)},
                        {"message", finding.message},
                        {"fix", finding.fix}});
    }
    out << json{{"scripts", scripts}, {"findings", list}}.dump(2, ' ', false,
                                                               json::error_handler_t::replace)
        << '\n';
}

void write_sarif(std::ostream& out, const std::vector<Finding>& findings) {
    json rule_list = json::array();
    for (const auto& rule : rules()) {
        rule_list.push_back({{"id", rule.id},
                             {"shortDescription", {{"text", std::string(rule.why)}}},
                             {"help", {{"text", "Safe alternative: " + std::string(rule.fix)}}},
                             {"properties", {{"category", to_string(rule.category)}}},
                             {"defaultConfiguration", {{"level", level_of(&rule)}}}});
    }
    json results = json::array();
    for (const auto& finding : findings) {
        const RuleInfo* rule = find_rule(finding.rule);
        results.push_back(
            {{"ruleId", finding.rule},
             {"level", level_of(rule)},
             {"message", {{"text", finding.message + " Fix: " + finding.fix}}},
             {"locations",
              json::array(
                  {{{"physicalLocation",
                     {{"artifactLocation", {{"uri", finding.file}}},
                      {"region",
                       {{"startLine", finding.line}, {"startColumn", finding.column}}}}}}})}});
    }
    json log{
        {"version", "2.1.0"},
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"runs",
         json::array({{{"tool", {{"driver", {{"name", "deckhand lint"}, {"rules", rule_list}}}}},
                       {"results", results}}})}};
    out << log.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace

void write_report(std::ostream& out, OutputFormat format, const std::vector<Finding>& findings,
                  std::size_t scripts_linted) {
    switch (format) {
        case OutputFormat::text:
            write_text(out, findings, scripts_linted);
            break;
        case OutputFormat::json:
            write_json(out, findings, scripts_linted);
            break;
        case OutputFormat::sarif:
            write_sarif(out, findings);
            break;
    }
}

}  // namespace deckhand::lint
