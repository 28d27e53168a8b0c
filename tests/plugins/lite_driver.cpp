// A test plugin from a "third party": a driver for lite: URLs that opens SQLite files, declaring
// dialect sqlite with DECKHAND_PLUGIN_DATABASE_DRIVER, so that the host reads migrations/sqlite/
// for it before connecting, though no shipped plugin knows the scheme.
#include <utility>

#include "deckhand/plugin.hpp"
#include "deckhand/sqlite/sqlite_connection.hpp"

namespace {

void register_lite(deckhand::Registry& registry) {
    deckhand::db::Driver driver;
    driver.dialect = "sqlite";
    driver.open = &deckhand::sqlite::open_sqlite;
    driver.check = &deckhand::sqlite::check_sqlite_url;
    registry.add_database_driver("lite", std::move(driver));
}

}  // namespace

DECKHAND_PLUGIN("lite-driver", "1.0.0", register_lite)
DECKHAND_PLUGIN_DATABASE_DRIVER(lite, sqlite)
