// Why a connection attempt failed, and whether waiting may heal it: the decision behind
// --wait-for-database and status --wait. The server's SQLSTATE decides where the server said
// something; where it did not, how far libpq got (its connection status when the attempt failed).
#pragma once

#include <libpq-fe.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace deckhand::postgres {

struct ConnectFailure {
    std::string reason;                  // libpq's message, without SQLSTATEs and LOCATION lines
    std::vector<std::string> sqlstates;  // every code the servers sent, in order
    ConnStatusType stage = CONNECTION_NEEDED;  // libpq's status before the step that failed
    bool needs_password = false;               // the server asked for a password; none was given
    bool timed_out = false;                    // connect_timeout ran out
    bool peer_closed = false;  // the server closed the connection (or reset it) without a word

    bool transient() const;
};

// libpq's message in PQERRORS_VERBOSE form, split: the codes after each severity
// ("FATAL:  28P01: password authentication failed ...") and the message without them and without
// the LOCATION lines, as the default verbosity would have said it.
struct VerboseReport {
    std::string message;
    std::vector<std::string> sqlstates;
};
VerboseReport read_verbose_report(std::string_view message);

// Codes that waiting may clear: the server is starting up, shutting down or in recovery (57P03),
// was shut down under the connection (57P01, 57P02), lacks resources such as connection slots
// (class 53: 53300 too many connections, also for a role's or a database's limit), or a proxy in
// front of it could not reach it (class 08). Everything else - a wrong password (28P01), an
// unknown role or a pg_hba.conf refusal (28000), an unknown database (3D000), a missing CONNECT
// privilege (42501) - stays as it is however long one waits.
bool transient_sqlstate(std::string_view sqlstate);

// The exception the connect loop throws; connect.cpp turns it into the SDK's errors.
class ConnectFailed : public std::runtime_error {
  public:
    explicit ConnectFailed(ConnectFailure failure)
        : std::runtime_error(failure.reason), failure_(std::move(failure)) {}
    const ConnectFailure& failure() const noexcept { return failure_; }

  private:
    ConnectFailure failure_;
};

}  // namespace deckhand::postgres
