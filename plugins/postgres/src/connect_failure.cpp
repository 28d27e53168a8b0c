// Classification of failed connection attempts, and the reading of libpq's verbose report.
#include "connect_failure.hpp"

#include <algorithm>
#include <cctype>

namespace deckhand::postgres {
namespace {

bool sqlstate_character(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

// Where "<severity>:  <SQLSTATE>: " puts the code in `line`, or npos. libpq writes the severity,
// two spaces, and in verbose mode the five-character code and ": " before the message.
std::size_t sqlstate_at(std::string_view line) {
    for (std::size_t at = line.find(":  "); at != std::string_view::npos;
         at = line.find(":  ", at + 1)) {
        const std::size_t code = at + 3;
        if (code + 7 <= line.size() && line.substr(code + 5, 2) == ": " &&
            std::all_of(line.begin() + static_cast<std::ptrdiff_t>(code),
                        line.begin() + static_cast<std::ptrdiff_t>(code + 5), sqlstate_character)) {
            return code;
        }
    }
    return std::string_view::npos;
}

}  // namespace

VerboseReport read_verbose_report(std::string_view message) {
    VerboseReport report;
    while (!message.empty()) {
        const auto newline = message.find('\n');
        std::string_view line = message.substr(0, newline);
        message =
            newline == std::string_view::npos ? std::string_view() : message.substr(newline + 1);
        // The server's source file and function: for its developers, not for ours.
        if (line.substr(0, 10) == "LOCATION: ") {
            continue;
        }
        std::string cleaned(line);
        if (const auto code = sqlstate_at(line); code != std::string_view::npos) {
            report.sqlstates.emplace_back(line.substr(code, 5));
            cleaned.erase(code, 7);
        }
        report.message += cleaned;
        report.message += '\n';
    }
    return report;
}

bool transient_sqlstate(std::string_view sqlstate) {
    return sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03" ||
           sqlstate.substr(0, 2) == "53" || sqlstate.substr(0, 2) == "08";
}

bool ConnectFailure::transient() const {
    if (timed_out) {
        return true;  // nothing answered in time: a server not up yet, or a network not ready
    }
    if (!sqlstates.empty()) {
        // One server's refusal of these credentials settles it, whatever another host said.
        return std::all_of(sqlstates.begin(), sqlstates.end(),
                           [](const std::string& code) { return transient_sqlstate(code); });
    }
    if (needs_password) {
        return false;  // the server wants a password the URL does not hold
    }
    if (peer_closed) {
        // A server restarting, or a proxy (a sidecar, a pooler) that cannot reach it yet.
        return true;
    }
    switch (stage) {
        case CONNECTION_SSL_STARTUP:
        case CONNECTION_GSS_STARTUP:
            // Encryption the URL demands was refused, or the server's certificate did not verify.
            return false;
        default:
            // No server reached (refused, no such host yet, no socket file yet), or one that is
            // not yet the primary (or standby) that target_session_attrs asks for.
            return true;
    }
}

}  // namespace deckhand::postgres
