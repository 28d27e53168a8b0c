// The stand-in command of a refused task file: it takes the options the file declares (so that
// a run as the user typed it reaches the refusal instead of an option error) and answers with
// the reason the file was refused.
#include "deckhand/tasks/refused_task.hpp"

#include <algorithm>

#include "deckhand/errors.hpp"
#include "deckhand/script/directives.hpp"

namespace deckhand::tasks {
namespace {

namespace po = boost::program_options;

std::string joined(const std::vector<std::string>& reasons) {
    std::string out;
    for (const auto& reason : reasons) {
        out += (out.empty() ? "" : "; ") + reason;
    }
    return out;
}

class RefusedTaskCommand final : public Command {
  public:
    explicit RefusedTaskCommand(RefusedTask task) : task_(std::move(task)) {}

    std::string name() const override { return task_.name; }
    std::string summary() const override {
        return "(refused: run 'deckhand help " + task_.name + "' for why)";
    }
    std::string description() const override {
        return "This task is not offered, because its file was refused: " + joined(task_.reasons) +
               ". Fix the file and the command comes back.";
    }
    Needs needs() const override { return Needs::nothing; }

    void define_options(po::options_description& options) override {
        // The options every task has, then the file's own, as plain text: nothing is checked,
        // since nothing runs.
        options.add_options()("dry-run", po::bool_switch(), "(the task is refused)")(
            "allow-production", po::bool_switch(), "(the task is refused)")(
            "output", po::value<std::string>()->value_name("text|json"), "(the task is refused)");
        for (const auto& param : task_.params) {
            if (options.find_nothrow(param, false) == nullptr) {
                options.add_options()(param.c_str(), po::value<std::string>()->value_name("VALUE"),
                                      "(the task is refused)");
            }
        }
    }

    int run(Context&) override {
        throw ConfigError(
            "task '" + task_.name +
            "' is not offered, because its file was refused: " + joined(task_.reasons));
    }

  private:
    RefusedTask task_;
};

// Option names as Boost.ProgramOptions takes them: no spaces, commas or leading dashes.
bool usable_option_name(const std::string& name) {
    return !name.empty() && name.front() != '-' &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
           });
}

}  // namespace

std::optional<RefusedTask> sketch_refused_task(const std::string& text,
                                               const std::string& display_path,
                                               const std::string& reason) {
    std::vector<script::Directive> directives;
    try {
        directives = script::scan_directives(text, script::SqlDialect::postgres, display_path);
    } catch (const Error&) {
        return std::nullopt;  // not even the directives read: no name to answer to
    }
    RefusedTask task;
    for (const auto& directive : directives) {
        if (directive.arguments.empty() || !usable_option_name(directive.arguments[0])) {
            continue;
        }
        if (directive.name == "command" && task.name.empty()) {
            task.name = directive.arguments[0];
        } else if (directive.name == "param") {
            task.params.push_back(directive.arguments[0]);
        }
    }
    if (task.name.empty()) {
        return std::nullopt;
    }
    task.reasons.push_back(reason);
    return task;
}

std::unique_ptr<Command> make_refused_task_command(RefusedTask task) {
    return std::make_unique<RefusedTaskCommand>(std::move(task));
}

}  // namespace deckhand::tasks
