// The doctor plugin: `deckhand doctor`.
#include "deckhand/plugin.hpp"

#include "commands/doctor_command.hpp"

namespace {

void register_doctor(deckhand::Registry& registry) {
    registry.add_command(deckhand::doctor::make_doctor_command());
}

}  // namespace

DECKHAND_PLUGIN("doctor", DECKHAND_DOCTOR_PLUGIN_VERSION, register_doctor)
DECKHAND_PLUGIN_COMMAND(doctor)
