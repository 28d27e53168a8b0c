// Connecting as PQconnectdb does, but step by step (PQconnectStart and PQconnectPoll), so that the
// server's error report arrives in verbose form with its SQLSTATE and the failing step is known:
// what ConnectFailure needs to tell a wrong password from a server still starting up.
#pragma once

#include <libpq-fe.h>

#include <string>

namespace deckhand::postgres {

// Returns a connection in CONNECTION_OK with the default error verbosity, owned by the caller
// (PQfinish), or throws ConnectFailed. connect_timeout (from `conninfo`, libpq's environment or
// service file) bounds each host's attempt as libpq does, at least two seconds; unlike libpq, an
// attempt that times out ends the connection instead of moving on to the next host of a
// multi-host URL.
PGconn* connect_step_by_step(const std::string& conninfo);

}  // namespace deckhand::postgres
