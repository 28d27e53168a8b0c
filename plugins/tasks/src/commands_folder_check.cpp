// doctor's "commands folder parses": the commands folder read as the tasks plugin reads it at
// registration, a refused file or a task whose name another plugin's command (or deckhand's own)
// already has each named with its line.
#include "deckhand/tasks/commands_folder_check.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/script/script_file.hpp"
#include "deckhand/tasks/task_folder.hpp"

namespace deckhand::tasks {
namespace {

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : separator) + item;
    }
    return out;
}

// Who else has `command`, if anyone: "deckhand itself" or "plugin migrate (/path)".
std::optional<std::string> owner_of(const std::string& command, const PluginReport& plugins) {
    for (const auto& builtin : {"help", "version", "plugins"}) {
        if (command == builtin) {
            return std::string("deckhand itself");
        }
    }
    for (const auto& plugin : plugins.loaded) {
        if (plugin.name == "tasks") {
            continue;
        }
        if (std::find(plugin.commands.begin(), plugin.commands.end(), command) !=
            plugin.commands.end()) {
            return "plugin " + plugin.name + " (" + plugin.file + ")";
        }
    }
    return std::nullopt;
}

class CommandsFolderCheck final : public Check {
  public:
    std::string name() const override { return "commands folder parses"; }

    CheckResult run(Context& context) override {
        const auto& folder_path = context.config().commands_dir;
        try {
            const auto folder = load_task_folder(folder_path);
            const PluginReport plugins = context.plugins();
            std::vector<std::string> problems = folder.refused;
            std::vector<std::string> names;
            for (const auto& task : folder.tasks) {
                if (auto owner = owner_of(task.name, plugins)) {
                    problems.push_back(task.display_path + ":" + std::to_string(task.line) +
                                       ": command '" + task.name + "' is taken by " + *owner);
                } else {
                    names.push_back(task.name);
                }
            }
            if (!problems.empty()) {
                return {false, join(problems, "; ")};
            }
            if (!folder.exists) {
                return {true, "no commands folder at " + script::display_folder(folder_path)};
            }
            return {true, script::display_folder(folder_path) + ": " +
                              std::to_string(names.size()) +
                              (names.size() == 1 ? " task" : " tasks") +
                              (names.empty() ? std::string() : " (" + join(names, ", ") + ")")};
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception& error) {
            return {false, error.what()};
        }
    }
};

}  // namespace

std::unique_ptr<Check> make_commands_folder_check() {
    return std::make_unique<CommandsFolderCheck>();
}

}  // namespace deckhand::tasks
