// A test plugin that offers a command in its section but never registers it.
#include "deckhand/plugin.hpp"

namespace {

void register_nothing(deckhand::Registry&) {}

}  // namespace

DECKHAND_PLUGIN("unregistered-offer", "1.0.0", register_nothing)
DECKHAND_PLUGIN_COMMAND(phantom)
