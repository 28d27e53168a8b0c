// How doctor's findings are shown: a line per check for people, or JSON.
#include "deckhand/ascii.hpp"
#include "deckhand/doctor/doctor.hpp"

namespace deckhand::doctor {
namespace {

const char* status_word(CheckState state) {
    switch (state) {
        case CheckState::ok:
            return "ok";
        case CheckState::failed:
            return "FAIL";
        case CheckState::skipped:
            return "skip";
    }
    return "?";
}

}  // namespace

void write_report_text(std::ostream& out, const DoctorReport& report) {
    for (const auto& line : report.lines) {
        std::string word = status_word(line.state);
        word.resize(6, ' ');
        out << word << line.name;
        if (!line.detail.empty()) {
            out << ": " << line.detail;
        }
        out << '\n';
    }
    const std::size_t failed = report.failed();
    if (failed == 0) {
        out << "doctor: all " << report.lines.size() << " checks passed\n";
    } else {
        out << "doctor: " << failed << " of " << report.lines.size() << " checks failed\n";
    }
}

nlohmann::json report_json(const DoctorReport& report) {
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& line : report.lines) {
        const std::string status = ascii_lower(status_word(line.state));
        checks.push_back({{"name", line.name}, {"status", status}, {"detail", line.detail}});
    }
    return {{"ok", report.ok()}, {"failed", report.failed()}, {"checks", std::move(checks)}};
}

}  // namespace deckhand::doctor
