// A task file that was refused still answers to its command name: `deckhand <name>` and
// `deckhand help <name>` say why it is not offered, instead of "unknown command".
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "deckhand/command.hpp"

namespace deckhand::tasks {

struct RefusedTask {
    std::string name;                  // the command its file declares
    std::vector<std::string> params;   // parameter names declared, so a run's options parse
    std::vector<std::string> reasons;  // one sentence per refused file, naming it
};

// What a refused task file declares, read leniently: its command name and parameter names,
// with `reason` as the refusal. None when not even the command name can be read.
std::optional<RefusedTask> sketch_refused_task(const std::string& text,
                                               const std::string& display_path,
                                               const std::string& reason);

// A command that answers every run with the refusal (exit 2) and whose help says it.
std::unique_ptr<Command> make_refused_task_command(RefusedTask task);

}  // namespace deckhand::tasks
