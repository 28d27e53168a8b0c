// The sqlite plugin: registers the SQLite driver for sqlite: URLs.
#include "deckhand/plugin.hpp"

#include "deckhand/sqlite/sqlite_connection.hpp"

namespace {

void register_sqlite(deckhand::Registry& registry) {
    registry.add_driver("sqlite", &deckhand::sqlite::open_sqlite);
}

}  // namespace

DECKHAND_PLUGIN("sqlite", DECKHAND_SQLITE_PLUGIN_VERSION, register_sqlite)
DECKHAND_PLUGIN_DRIVER(sqlite)
