// Offering the tasks of the commands folder as commands, one refusal at a time.
#include "deckhand/tasks/registration.hpp"

#include <spdlog/spdlog.h>

#include <map>

#include "commands/sql_command.hpp"
#include "commands/task_command.hpp"
#include "deckhand/errors.hpp"

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
    // A refused file's command name answers with the reason, after the tasks offered, so that
    // it never takes a name from one (two refused files of one name share one answer).
    std::map<std::string, RefusedTask> refused_by_name;
    for (auto& sketch : folder.refused_tasks) {
        auto [entry, fresh] = refused_by_name.try_emplace(sketch.name, sketch);
        if (!fresh) {
            auto& merged = entry->second;
            merged.reasons.insert(merged.reasons.end(), sketch.reasons.begin(),
                                  sketch.reasons.end());
            merged.params.insert(merged.params.end(), sketch.params.begin(), sketch.params.end());
        }
    }
    for (auto& [name, sketch] : refused_by_name) {
        try {
            registry.add_command(make_refused_task_command(std::move(sketch)));
        } catch (const Error& clash) {
            log.debug("refused task {} is not answered by name: {}", name, clash.what());
        }
    }
    return registration;
}

}  // namespace deckhand::tasks
