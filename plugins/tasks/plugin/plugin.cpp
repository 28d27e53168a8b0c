// The tasks plugin: every annotated *.sql file of the commands folder as a command of its own,
// and `sql` for an ad-hoc script.
#include "deckhand/plugin.hpp"

#include <spdlog/spdlog.h>

#include "deckhand/tasks/commands.hpp"

namespace {

void register_tasks(deckhand::Registry& registry) {
    deckhand::tasks::register_task_commands(registry, *spdlog::default_logger());
}

}  // namespace

DECKHAND_PLUGIN("tasks", DECKHAND_TASKS_PLUGIN_VERSION, register_tasks)
DECKHAND_PLUGIN_COMMAND(sql)
DECKHAND_PLUGIN_DYNAMIC_COMMANDS()
