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
        checks.push_back({{"name", line.name},
                          {"status", status},
                          {"detail", line.detail},
                          {"duration_ms", line.elapsed.count()}});
    }
    std::size_t skipped = 0;
    for (const auto& line : report.lines) {
        skipped += line.state == CheckState::skipped ? 1 : 0;
    }
    return {{"command", "doctor"},
            {"ok", report.ok()},
            {"failed", report.failed()},
            {"skipped", skipped},
            {"passed", report.lines.size() - report.failed() - skipped},
            {"schema_version", report.schema_version ? nlohmann::json(*report.schema_version)
                                                     : nlohmann::json(nullptr)},
            {"duration_ms", report.elapsed.count()},
            {"checks", std::move(checks)}};
}

}  // namespace deckhand::doctor
