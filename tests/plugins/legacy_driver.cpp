// A test plugin as one built against plugin API 1.4 is: its descriptor and file say 1.4, and it
// registers its driver for oldlite: URLs with Registry::add_driver, declaring no dialect. The host
// learns the dialect only from a connection (SQLite's), and must read the migrations folder once,
// then, by the folder rules of 1.4.
#include "deckhand/plugin.hpp"
#include "deckhand/sqlite/sqlite_connection.hpp"

namespace {

void register_oldlite(deckhand::Registry& registry) {
    registry.add_driver("oldlite", &deckhand::sqlite::open_sqlite);
}

const deckhand::PluginDescriptor legacy_descriptor{
    1, 4, DECKHAND_ABI_TAG, "legacy-driver", "1.4.0", &register_oldlite};

}  // namespace

BOOST_DLL_ALIAS_SECTIONED(legacy_descriptor, deckhand_plugin, deckhand)
BOOST_DLL_ALIAS_SECTIONED(legacy_descriptor, deckhand_api_1_4, deckhand)
BOOST_DLL_ALIAS_SECTIONED(legacy_descriptor, DECKHAND_ABI_SYMBOL, deckhand)
BOOST_DLL_ALIAS_SECTIONED(legacy_descriptor, deckhand_driver_oldlite, deckhand)
