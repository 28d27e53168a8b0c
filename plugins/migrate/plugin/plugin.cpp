// The migrate plugin: migrate, status, validate, baseline, repair, and new (the next file).
#include "deckhand/plugin.hpp"

#include "commands.hpp"

namespace {

void register_migrate(deckhand::Registry& registry) {
    using namespace deckhand::migrate::cli;
    registry.add_command(make_migrate_command());
    registry.add_command(make_status_command());
    registry.add_command(make_validate_command());
    registry.add_command(make_baseline_command());
    registry.add_command(make_repair_command());
    registry.add_command(make_new_command());
}

}  // namespace

DECKHAND_PLUGIN("migrate", DECKHAND_MIGRATE_PLUGIN_VERSION, register_migrate)
DECKHAND_PLUGIN_COMMAND(migrate)
DECKHAND_PLUGIN_COMMAND(status)
DECKHAND_PLUGIN_COMMAND(validate)
DECKHAND_PLUGIN_COMMAND(baseline)
DECKHAND_PLUGIN_COMMAND(repair)
DECKHAND_PLUGIN_COMMAND(new)
