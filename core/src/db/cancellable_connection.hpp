// Wraps a driver's connection so that SIGTERM/SIGINT cancel its running statement: registers
// with the Cancellation for exactly the connection's lifetime.
#pragma once

#include <cstdint>
#include <memory>

#include "deckhand/cancellation.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/export.hpp"

namespace deckhand::db {

// `driver_api_minor` is the plugin API minor the driver's plugin was built for: what the
// wrapper may call on it (query_each needs 1.1; copy_from_stdin and the migration script
// steps 1.2).
DECKHAND_API std::unique_ptr<Connection> make_cancellable(std::unique_ptr<Connection> inner,
                                                          Cancellation& cancellation,
                                                          std::uint32_t driver_api_minor);

}  // namespace deckhand::db
