// Wraps a driver's connection so that SIGTERM/SIGINT cancel its running statement: registers
// with the Cancellation for exactly the connection's lifetime.
#pragma once

#include <memory>

#include "deckhand/cancellation.hpp"
#include "deckhand/db/connection.hpp"

namespace deckhand::db {

std::unique_ptr<Connection> make_cancellable(std::unique_ptr<Connection> inner,
                                             Cancellation& cancellation);

}  // namespace deckhand::db
