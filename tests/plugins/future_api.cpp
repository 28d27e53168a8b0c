// A test plugin that claims a plugin API major this host does not speak.
#include "deckhand/plugin.hpp"

namespace {

void register_nothing(deckhand::Registry&) {}

const deckhand::PluginDescriptor future_descriptor{
    2, 0, DECKHAND_ABI_TAG, "future-api", "9.0.0", &register_nothing};

}  // namespace

BOOST_DLL_ALIAS_SECTIONED(future_descriptor, deckhand_plugin, deckhand)
BOOST_DLL_ALIAS_SECTIONED(future_descriptor, deckhand_api_2_0, deckhand)
BOOST_DLL_ALIAS_SECTIONED(future_descriptor, DECKHAND_ABI_SYMBOL, deckhand)
BOOST_DLL_ALIAS_SECTIONED(future_descriptor, deckhand_command_future, deckhand)
