// Opens SQLite databases as db::Connection without going through the plugin loader, for the
// sqlite plugin itself, its tests and any code that links the driver library directly.
#pragma once

#include <memory>

#include "deckhand/database_url.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/db/driver.hpp"

namespace deckhand::sqlite {

// Opens the file the URL names, or a private in-memory database for sqlite::memory:, as
// options.mode says: `create` makes a missing file, `existing` and `read_only` throw ConfigError
// naming it (creating nothing), and `read_only` opens with SQLITE_OPEN_READONLY. Throws
// ConfigError when the file's folder does not exist, ConnectionError when the file cannot be
// opened or is not a database.
std::unique_ptr<db::Connection> open_sqlite(const DatabaseUrl& url,
                                            const db::ConnectOptions& options);

// Throws the ConfigError open_sqlite would throw for a URL that names no file, opening nothing.
void check_sqlite_url(const DatabaseUrl& url);

}  // namespace deckhand::sqlite
