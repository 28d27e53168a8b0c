// The seed plugin: `deckhand seed`, and doctor's check that the seed folder parses.
#include "deckhand/plugin.hpp"

#include "commands/seed_command.hpp"
#include "deckhand/seed/seed_folder_check.hpp"

namespace {

void register_seed(deckhand::Registry& registry) {
    registry.add_command(deckhand::seed::make_seed_command());
    registry.add_check_at(deckhand::CheckStage::files, deckhand::seed::make_seed_folder_check());
}

}  // namespace

DECKHAND_PLUGIN("seed", DECKHAND_SEED_PLUGIN_VERSION, register_seed)
DECKHAND_PLUGIN_COMMAND(seed)
