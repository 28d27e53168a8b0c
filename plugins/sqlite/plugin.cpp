// The sqlite plugin: registers the SQLite driver for sqlite: URLs (dialect sqlite).
#include "deckhand/plugin.hpp"

#include <utility>

#include "deckhand/sqlite/sqlite_connection.hpp"

namespace {

void register_sqlite(deckhand::Registry& registry) {
    deckhand::db::Driver driver;
    driver.dialect = "sqlite";
    driver.open = &deckhand::sqlite::open_sqlite;
    driver.check = &deckhand::sqlite::check_sqlite_url;
    registry.add_database_driver("sqlite", std::move(driver));
}

}  // namespace

DECKHAND_PLUGIN("sqlite", DECKHAND_SQLITE_PLUGIN_VERSION, register_sqlite)
DECKHAND_PLUGIN_DATABASE_DRIVER(sqlite, sqlite)
