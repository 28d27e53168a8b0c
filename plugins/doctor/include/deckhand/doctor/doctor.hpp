// `deckhand doctor`: what a deployment needs, checked one line at a time (Oakton's check-env).
// The built-in checks look at the plugins, the database URL and connection, the migrations
// folder and the schema (asked of the migrate plugin's "migrations" service); every plugin adds
// its own through Registry::add_check (the seed and tasks plugins: their folders parse). A check
// that cannot run because an earlier one failed is skipped, not failed a second time.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "deckhand/context.hpp"

namespace deckhand::doctor {

enum class CheckState { ok, failed, skipped };

struct CheckLine {
    std::string name;  // "database answers"
    CheckState state = CheckState::ok;
    std::string detail;                    // what was found, or why it failed
    std::chrono::milliseconds elapsed{0};  // how long the check took
};

struct DoctorReport {
    std::vector<CheckLine> lines;
    std::optional<std::string> schema_version;  // when the schema could be read
    std::chrono::milliseconds elapsed{0};

    std::size_t failed() const noexcept;
    bool ok() const noexcept { return failed() == 0; }
};

// Runs every check in order. Never throws for a failed check (a connection that cannot be
// opened, a folder that does not parse, a plugin check that throws): each becomes a failed line
// whose detail names the cause, passwords redacted. Throws only Cancelled.
DoctorReport run_checks(Context& context);

// One line per check: "ok    name: detail", "FAIL  ...", "skip  ...", then a summary line.
void write_report_text(std::ostream& out, const DoctorReport& report);

// {"command": "doctor", "ok": false, "failed": 1, "passed": 6, "skipped": 0,
//  "schema_version": "5" or null, "duration_ms": 40,
//  "checks": [{"name": ..., "status": "ok|fail|skip", "detail": ..., "duration_ms": 3}]}
nlohmann::json report_json(const DoctorReport& report);

}  // namespace deckhand::doctor
