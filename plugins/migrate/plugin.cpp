// The migrate plugin: migrate, status, validate, baseline, repair, and new (the next file);
// and the "migrations" service, through which other plugins ask about migrations.
#include "deckhand/plugin.hpp"

#include "commands/baseline_command.hpp"
#include "commands/migrate_command.hpp"
#include "commands/new_command.hpp"
#include "commands/repair_command.hpp"
#include "commands/status_command.hpp"
#include "commands/validate_command.hpp"
#include "deckhand/migrate/migrations_service.hpp"
#include "deckhand/service.hpp"

namespace {

void register_migrate(deckhand::Registry& registry) {
    using namespace deckhand::migrate::cli;
    registry.add_command(make_migrate_command());
    registry.add_command(make_status_command());
    registry.add_command(make_validate_command());
    registry.add_command(make_baseline_command());
    registry.add_command(make_repair_command());
    registry.add_command(make_new_command());
    deckhand::offer_service(registry, deckhand::migrate::make_migrations_service());
}

}  // namespace

DECKHAND_PLUGIN("migrate", DECKHAND_MIGRATE_PLUGIN_VERSION, register_migrate)
DECKHAND_PLUGIN_COMMAND(migrate)
DECKHAND_PLUGIN_COMMAND(status)
DECKHAND_PLUGIN_COMMAND(validate)
DECKHAND_PLUGIN_COMMAND(baseline)
DECKHAND_PLUGIN_COMMAND(repair)
DECKHAND_PLUGIN_COMMAND(new)
DECKHAND_PLUGIN_SERVICE(migrations)
