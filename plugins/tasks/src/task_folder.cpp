// Reading the commands folder into tasks, refusing bad files one by one.
#include "deckhand/tasks/task_folder.hpp"

#include <algorithm>
#include <map>
#include <system_error>

#include "deckhand/errors.hpp"
#include "deckhand/script/script_file.hpp"
#include "deckhand/script/script_name.hpp"

namespace deckhand::tasks {

namespace fs = std::filesystem;

TaskFolder load_task_folder(const fs::path& root) {
    TaskFolder folder;
    folder.root = root;
    const std::string shown = script::display_folder(root);
    std::error_code error;
    if (!fs::is_directory(root, error)) {
        if (fs::exists(root, error)) {
            folder.refused.push_back("commands folder " + shown + " is not a folder");
        }
        return folder;
    }
    folder.exists = true;

    const auto files = script::list_sql_files(root, error);
    if (error) {
        folder.refused.push_back("commands folder " + shown +
                                 " cannot be read: " + error.message());
        return folder;
    }

    for (const auto& [name, path] : files) {
        std::string display = script::display_path(root, name);
        std::string text;
        try {
            text = script::read_script_file(path, display);
            auto task = parse_task(text, path, display);
            if (task) {
                folder.tasks.push_back(std::move(*task));
            } else {
                folder.skipped.push_back(std::move(display));
            }
        } catch (const ConfigError& refusal) {
            folder.refused.push_back(refusal.what());
            if (auto sketch = sketch_refused_task(text, display, refusal.what())) {
                folder.refused_tasks.push_back(std::move(*sketch));
            }
        }
    }

    // Two files of one command: neither wins by accident of file names.
    std::map<std::string, std::vector<std::size_t>> by_name;
    for (std::size_t i = 0; i < folder.tasks.size(); ++i) {
        by_name[folder.tasks[i].name].push_back(i);
    }
    std::vector<bool> drop(folder.tasks.size(), false);
    for (const auto& [name, indexes] : by_name) {
        if (indexes.size() < 2) {
            continue;
        }
        for (std::size_t i : indexes) {
            std::string others;
            for (std::size_t j : indexes) {
                if (j != i) {
                    if (!others.empty()) {
                        others += ", ";
                    }
                    others += folder.tasks[j].display_path;
                }
            }
            std::string refusal = folder.tasks[i].display_path;
            refusal.append(":").append(std::to_string(folder.tasks[i].line));
            refusal.append(": command '").append(name).append("' is also defined by ");
            folder.refused.push_back(refusal.append(others));
            RefusedTask sketch{name, {}, {refusal}};
            for (const auto& param : folder.tasks[i].params) {
                sketch.params.push_back(param.name);
            }
            folder.refused_tasks.push_back(std::move(sketch));
            drop[i] = true;
        }
    }
    std::vector<TaskDefinition> kept;
    for (std::size_t i = 0; i < folder.tasks.size(); ++i) {
        if (!drop[i]) {
            kept.push_back(std::move(folder.tasks[i]));
        }
    }
    folder.tasks = std::move(kept);
    return folder;
}

}  // namespace deckhand::tasks
