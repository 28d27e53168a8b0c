// The libpqxx connection that owns the session, and the libpq handle under it. libpqxx 6.4 keeps
// that handle private, yet the driver needs it for what libpqxx hides: error fields (SQLSTATE,
// statement position, detail, hint), the transaction status, notices and PQcancel.
#pragma once

#include <libpq-fe.h>

#include <pqxx/connection>
#include <string>

namespace deckhand::postgres {

// Connects with connect_step_by_step (so that a failure says whether waiting may heal it) and
// remembers the handle it made.
class CapturingConnectPolicy : public pqxx::connect_direct {
  public:
    explicit CapturingConnectPolicy(const std::string& options) : pqxx::connect_direct(options) {}

    handle do_startconnect(handle original) override;
    handle do_dropconnect(handle original) noexcept override;
    handle do_disconnect(handle original) noexcept override;

    handle captured() const noexcept { return captured_; }

  private:
    handle captured_ = nullptr;
};

class PqSession : public pqxx::connection_base {
  public:
    // Throws ConnectFailed (connect_failure.hpp) when the connection fails.
    explicit PqSession(const std::string& conninfo);
    ~PqSession();
    PqSession(const PqSession&) = delete;
    PqSession& operator=(const PqSession&) = delete;

    // The live libpq connection; null only after the session was closed.
    PGconn* handle() const noexcept { return policy_.captured(); }

  private:
    // Initialised before the policy, which libpqxx's base class already refers to.
    CapturingConnectPolicy policy_;
};

}  // namespace deckhand::postgres
