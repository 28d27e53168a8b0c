// Offering the tasks of the commands folder as commands, one refusal at a time.
#include <spdlog/spdlog.h>

#include "deckhand/errors.hpp"
#include "deckhand/tasks/commands.hpp"

namespace deckhand::tasks {

Registration register_task_commands(Registry& registry, spdlog::logger& log) {
    registry.add_command(make_sql_command());

    Registration registration;
    TaskFolder folder = load_task_folder(registry.config().commands_dir);
    for (const auto& skipped : folder.skipped) {
        log.debug("{} has no -- deckhand:command annotation; it is not a task", skipped);
    }
    for (const auto& refusal : folder.refused) {
        log.warn("task refused: {}", refusal);
        ++registration.refused;
    }
    for (auto& task : folder.tasks) {
        const std::string where = task.display_path + ":" + std::to_string(task.line);
        const std::string name = task.name;
        try {
            registry.add_command(make_task_command(std::move(task)));
            ++registration.registered;
        } catch (const ConfigError& clash) {
            // The registry names the other owner; the file is what the user edits.
            log.warn("task refused: {} defines command '{}', which is taken: {}", where, name,
                     clash.what());
            ++registration.refused;
        }
    }
    return registration;
}

}  // namespace deckhand::tasks
