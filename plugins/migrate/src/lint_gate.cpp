// `migrate --lint` (see deckhand/migrate/lint_gate.hpp).
#include "deckhand/migrate/lint_gate.hpp"

#include <spdlog/spdlog.h>

#include <cctype>
#include <sstream>

#include "deckhand/errors.hpp"
#include "deckhand/log_event.hpp"
#include "deckhand/run_command.hpp"

namespace deckhand::migrate::cli {
namespace {

// "PostgreSQL 15.18" -> "15"; "" when the text holds no number.
std::string major_version(const std::string& server_version) {
    std::size_t start = 0;
    while (start < server_version.size() &&
           std::isdigit(static_cast<unsigned char>(server_version[start])) == 0) {
        ++start;
    }
    std::size_t end = start;
    while (end < server_version.size() &&
           std::isdigit(static_cast<unsigned char>(server_version[end])) != 0) {
        ++end;
    }
    return server_version.substr(start, end - start);
}

// "V2__x.sql:1:13 drop-column, V3__y.sql:2:1 set-not-null" (the first three).
std::string list_findings(const std::vector<const nlohmann::json*>& findings) {
    std::string text;
    for (std::size_t i = 0; i < findings.size() && i < 3; ++i) {
        const auto& finding = *findings[i];
        text += (i > 0 ? ", " : "") + finding.value("file", std::string()) + ":" +
                std::to_string(finding.value("line", 0)) + ":" +
                std::to_string(finding.value("column", 0)) + " " +
                finding.value("rule", std::string());
    }
    if (findings.size() > 3) {
        text += ", ...";
    }
    return text;
}

}  // namespace

void lint_before_migrate(Context& context, db::Connection& connection,
                         const script::MigrationSet& migrations,
                         const std::vector<const script::Migration*>& scripts,
                         nlohmann::json& report) {
    if (!has_command(context, "lint")) {
        throw UsageError(
            "migrate --lint needs the lint plugin (lint.so), which is not installed or was "
            "refused; install it or leave --lint out");
    }
    if (scripts.empty()) {
        report = nlohmann::json{{"scripts", 0}, {"findings", nlohmann::json::array()}};
        return;
    }
    std::vector<std::string> args{"--output", "json", "--dialect", migrations.dialect};
    if (migrations.dialect == "postgres") {
        if (auto major = major_version(connection.server_version()); !major.empty()) {
            args.insert(args.end(), {"--postgres-version", major});
        }
    }
    args.emplace_back("--");
    for (const auto* migration : scripts) {
        args.push_back((migrations.root / migration->script).string());
    }
    std::ostringstream captured;
    run_command(context, "lint", args, captured);
    try {
        report = nlohmann::json::parse(captured.str());
    } catch (const nlohmann::json::exception&) {
        throw WorkFailed(
            "migrate --lint could not read the lint plugin's report (is lint.so "
            "from another deckhand build?)");
    }
    if (!report.is_object() || !report["findings"].is_array()) {
        throw WorkFailed(
            "migrate --lint could not read the lint plugin's report (is lint.so "
            "from another deckhand build?)");
    }
    // Every unwaived finding refuses the run, hygiene too (as issue 15 asks): a waiver with its
    // reason is the way to keep one. The level only sets how loudly it is logged.
    std::vector<const nlohmann::json*> errors;
    for (const auto& finding : report["findings"]) {
        const bool error = finding.value("level", std::string("error")) != "warning";
        errors.push_back(&finding);
        const std::string where = finding.value("file", std::string()) + ":" +
                                  std::to_string(finding.value("line", 0)) + ":" +
                                  std::to_string(finding.value("column", 0));
        log_event(context.log(), error ? spdlog::level::err : spdlog::level::warn, "lint_finding",
                  {{"file", finding.value("file", std::string())},
                   {"line", finding.value("line", 0)},
                   {"column", finding.value("column", 0)},
                   {"rule", finding.value("rule", std::string())},
                   {"severity", error ? "error" : "warning"}},
                  where + " " + finding.value("rule", std::string()) + " " +
                      finding.value("message", std::string()) +
                      " (fix: " + finding.value("fix", std::string()) + ")");
    }
    if (!errors.empty()) {
        throw WorkFailed("migrate --lint: " + std::to_string(errors.size()) +
                         (errors.size() == 1 ? " finding" : " findings") +
                         " in the scripts to apply (" + list_findings(errors) +
                         "); nothing was applied. Fix them, or waive each with -- deckhand:allow "
                         "<rule> <reason>");
    }
}

}  // namespace deckhand::migrate::cli
