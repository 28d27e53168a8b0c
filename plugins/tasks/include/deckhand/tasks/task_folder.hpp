// The commands folder: every *.sql file in it read as a task. One bad file never sinks the
// others: it is refused with a reason naming the file and line, and the rest are offered.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "deckhand/tasks/refused_task.hpp"
#include "deckhand/tasks/task_definition.hpp"

namespace deckhand::tasks {

struct TaskFolder {
    std::filesystem::path root;
    bool exists = false;
    std::vector<TaskDefinition> tasks;  // by file name
    std::vector<std::string> refused;   // one sentence per refused file, naming it
    std::vector<std::string> skipped;   // display paths of files without annotations
    // The refused files whose command name could still be read, one entry per file, so that
    // the name answers with the reason.
    std::vector<RefusedTask> refused_tasks;
};

// Reads `root` (a missing folder holds no tasks; an unreadable one is refused as a whole). Two
// files naming the same command are both refused, each naming the other.
TaskFolder load_task_folder(const std::filesystem::path& root);

}  // namespace deckhand::tasks
