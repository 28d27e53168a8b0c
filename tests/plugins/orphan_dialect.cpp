// A test plugin whose file declares a dialect for ghost: URLs but offers no driver for them: the
// host refuses it by name before loading it.
#include "deckhand/plugin.hpp"

namespace {

void register_nothing(deckhand::Registry&) {}

}  // namespace

DECKHAND_PLUGIN("orphan-dialect", "1.0.0", register_nothing)
BOOST_DLL_ALIAS_SECTIONED(deckhand_plugin_descriptor_, deckhand_dialect_ghost__sqlite, deckhand)
