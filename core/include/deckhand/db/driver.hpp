// A database driver: a factory of connections for one URL scheme, registered by a plugin.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "deckhand/database_url.hpp"
#include "deckhand/db/connection.hpp"

namespace deckhand::db {

struct ConnectOptions {
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
    std::string application_name = "deckhand";
};

// Opens a connection or throws ConnectionError (unreachable, bad credentials) or ConfigError.
using DriverFactory =
    std::function<std::unique_ptr<Connection>(const DatabaseUrl&, const ConnectOptions&)>;

}  // namespace deckhand::db
