// `deckhand doctor`: what a deployment needs, checked one line at a time (Oakton's check-env).
// The built-in checks look at the plugins, the database URL and connection, the migrations,
// seed and commands folders and the schema; every plugin may add its own through
// Registry::add_check. A check that cannot run because an earlier one failed is skipped, not
// failed a second time.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "deckhand/command.hpp"
#include "deckhand/context.hpp"

namespace deckhand::doctor {

enum class CheckState { ok, failed, skipped };

struct CheckLine {
    std::string name;  // "database answers"
    CheckState state = CheckState::ok;
    std::string detail;  // what was found, or why it failed
};

struct DoctorReport {
    std::vector<CheckLine> lines;

    std::size_t failed() const noexcept;
    bool ok() const noexcept { return failed() == 0; }
};

// Runs every check in order. Never throws for a failed check (a connection that cannot be
// opened, a folder that does not parse, a plugin check that throws): each becomes a failed line
// whose detail names the cause, passwords redacted. Throws only Cancelled.
DoctorReport run_checks(Context& context);

// One line per check: "ok    name: detail", "FAIL  ...", "skip  ...", then a summary line.
void write_report_text(std::ostream& out, const DoctorReport& report);

// {"ok": false, "failed": 1, "checks": [{"name": ..., "status": "ok|fail|skip", "detail": ...}]}
nlohmann::json report_json(const DoctorReport& report);

std::unique_ptr<Command> make_doctor_command();

}  // namespace deckhand::doctor
