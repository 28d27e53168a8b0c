// HostContext as a CommandRunner (run_command.hpp): another command run from inside the one the
// user asked for, parsed as on the command line, in a context of its own whose results go where
// the caller wants them.
#include <spdlog/spdlog.h>

#include "cli/command_arguments.hpp"
#include "cli/host_context.hpp"
#include "deckhand/errors.hpp"

namespace deckhand::cli {

void HostContext::allow_other_commands(const OptsDefaults& opts, const Command& running) {
    opts_ = &opts;
    ran_ = std::make_shared<std::set<const Command*>>();
    ran_->insert(&running);
}

bool HostContext::has_command(const std::string& name) {
    return host_.find_command(name) != nullptr;
}

int HostContext::run_command(const std::string& name, const std::vector<std::string>& args,
                             std::ostream& out) {
    if (opts_ == nullptr) {
        throw WorkFailed("this run cannot start the command '" + name +
                         "' from inside another command");
    }
    Command* command = host_.find_command(name);
    if (command == nullptr) {
        std::string message = "no plugin offers the command '" + name + "'";
        if (!host_.refusals().empty()) {
            message += " (" + std::to_string(host_.refusals().size()) +
                       " plugin file(s) were refused; see the warnings above)";
        }
        throw UsageError(message);
    }
    if (!ran_->insert(command).second) {
        throw WorkFailed("the command '" + name +
                         "' already ran in this deckhand run; a command runs once a run");
    }
    CommandOptions declared(*command);
    parse_command_arguments(*command, declared, args, *opts_);
    HostContext nested(config_, logger_, host_, cancellation_, secrets_);
    nested.default_url_told_ = default_url_told_;
    nested.out_ = &out;
    nested.opts_ = opts_;
    nested.ran_ = ran_;
    logger_->debug("running the command '{}' ({} argument(s))", name, args.size());
    const int status = command->run(nested);
    out.flush();
    return status;
}

}  // namespace deckhand::cli
