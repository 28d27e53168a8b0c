// Opens PostgreSQL databases as db::Connection without going through the plugin loader, for the
// postgres plugin itself, its tests and any code that links the driver library directly.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "deckhand/database_url.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/db/driver.hpp"

namespace deckhand::postgres {

// Connects with the URL's libpq parameters, adding connect_timeout, application_name and
// client_encoding=UTF8 from `options` unless the URL sets them. Throws ConfigError when libpq
// rejects the parameters, ConnectionError (with the server's reason and the URL redacted) when
// the server cannot be reached or refuses the credentials.
std::unique_ptr<db::Connection> open_postgres(const DatabaseUrl& url,
                                              const db::ConnectOptions& options);

// The key of the migration lock, a session-level advisory lock: the 64-bit FNV-1a hash of
// "deckhand:" followed by the database name, read as a signed bigint. Fixed for a given database
// name, so every deckhand version and process agrees on it; the database name keeps databases of
// one cluster apart in pg_locks, where advisory locks already are per database.
std::int64_t migration_lock_key(std::string_view database_name);

}  // namespace deckhand::postgres
