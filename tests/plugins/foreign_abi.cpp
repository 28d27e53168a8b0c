// A test plugin that says it was built with another toolchain.
#include "deckhand/plugin.hpp"

namespace {

void register_nothing(deckhand::Registry&) {}

const deckhand::PluginDescriptor foreign_descriptor{deckhand::plugin_api_major,
                                                    deckhand::plugin_api_minor,
                                                    "deckhand_abi_msvc19_boost108800",
                                                    "foreign-abi",
                                                    "1.0.0",
                                                    &register_nothing};

}  // namespace

BOOST_DLL_ALIAS_SECTIONED(foreign_descriptor, deckhand_plugin, deckhand)
BOOST_DLL_ALIAS_SECTIONED(foreign_descriptor, DECKHAND_API_SYMBOL, deckhand)
BOOST_DLL_ALIAS_SECTIONED(foreign_descriptor, deckhand_abi_msvc19_boost108800, deckhand)
BOOST_DLL_ALIAS_SECTIONED(foreign_descriptor, deckhand_command_foreign, deckhand)
