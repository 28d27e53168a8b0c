// run_command.hpp's free functions: a Context that is also a CommandRunner runs other commands.
#include "deckhand/run_command.hpp"

#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"

namespace deckhand {

CommandRunner::~CommandRunner() = default;

namespace {

CommandRunner& runner_of(Context& context, const std::string& name) {
    auto* runner = dynamic_cast<CommandRunner*>(&context);
    if (runner == nullptr) {
        throw WorkFailed("this run cannot start the command '" + name +
                         "' from inside another command (its context runs no other commands)");
    }
    return *runner;
}

}  // namespace

bool has_command(Context& context, const std::string& name) {
    return runner_of(context, name).has_command(name);
}

int run_command(Context& context, const std::string& name, const std::vector<std::string>& args,
                std::ostream& out) {
    return runner_of(context, name).run_command(name, args, out);
}

}  // namespace deckhand
