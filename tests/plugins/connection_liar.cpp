// A test plugin that declares and registers dialect postgres for fib: URLs, but whose
// connections are SQLite's: the host, which read the migrations folder for postgres, must
// refuse the connection naming the plugin rather than run postgres scripts on SQLite.
#include <utility>

#include "deckhand/plugin.hpp"
#include "deckhand/sqlite/sqlite_connection.hpp"

namespace {

void register_fib(deckhand::Registry& registry) {
    deckhand::db::Driver driver;
    driver.dialect = "postgres";
    driver.open = &deckhand::sqlite::open_sqlite;
    registry.add_database_driver("fib", std::move(driver));
}

}  // namespace

DECKHAND_PLUGIN("connection-liar", "1.0.0", register_fib)
DECKHAND_PLUGIN_DATABASE_DRIVER(fib, postgres)
