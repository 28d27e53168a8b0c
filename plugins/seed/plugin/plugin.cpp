// The seed plugin: `deckhand seed`.
#include "deckhand/plugin.hpp"

#include "deckhand/seed/seed_command.hpp"

namespace {

void register_seed(deckhand::Registry& registry) {
    registry.add_command(deckhand::seed::make_seed_command());
}

}  // namespace

DECKHAND_PLUGIN("seed", DECKHAND_SEED_PLUGIN_VERSION, register_seed)
DECKHAND_PLUGIN_COMMAND(seed)
