// The tasks plugin: every annotated *.sql file of the commands folder as a command of its own,
// `sql` for an ad-hoc script, and doctor's check that the commands folder parses.
#include "deckhand/plugin.hpp"

#include <spdlog/spdlog.h>

#include "deckhand/tasks/commands_folder_check.hpp"
#include "deckhand/tasks/registration.hpp"

namespace {

void register_tasks(deckhand::Registry& registry) {
    deckhand::tasks::register_task_commands(registry, *spdlog::default_logger());
    registry.add_check_at(deckhand::CheckStage::files,
                          deckhand::tasks::make_commands_folder_check());
}

}  // namespace

DECKHAND_PLUGIN("tasks", DECKHAND_TASKS_PLUGIN_VERSION, register_tasks)
DECKHAND_PLUGIN_COMMAND(sql)
DECKHAND_PLUGIN_DYNAMIC_COMMANDS()
