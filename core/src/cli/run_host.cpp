// The host's main flow: options, plugins, the command, and the one place where errors become
// a sentence on stderr and an exit status.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/builtin_commands.hpp"
#include "cli/command_arguments.hpp"
#include "cli/help.hpp"
#include "cli/host_context.hpp"
#include "cli/invocation.hpp"
#include "cli/local_env.hpp"
#include "cli/peer_commands.hpp"
#include "cli/secret_assignments.hpp"
#include "cli/signal_watcher.hpp"
#include "cli/termination_log.hpp"
#include "deckhand/database_url.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/host.hpp"
#include "log/known_secrets.hpp"
#include "log/logging.hpp"
#include "plugin/plugin_host.hpp"
#include "text/terminal_text.hpp"

namespace deckhand {
namespace {

constexpr const char* opts_file_name = "deckhand.opts";

// <prefix>/bin/deckhand finds <prefix>/lib/deckhand/plugins, so an installed tree can move.
std::filesystem::path installed_plugin_folder() {
    std::error_code error;
    auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) {
        return {};
    }
    return executable.parent_path().parent_path() / "lib" / "deckhand" / "plugins";
}

// The long options of every command but `command`, for the deckhand.opts typo warning. Loads
// every plugin, so it is asked only when the file holds an option the command lacks.
std::vector<std::string> options_of_other_commands(plugin::PluginHost& host,
                                                   const Command& command) {
    host.load_all();
    std::vector<std::string> names;
    for (const auto& [name, entry] : host.commands()) {
        if (entry.command.get() == &command) {
            continue;
        }
        cli::CommandOptions declared(*entry.command);
        for (auto& option : cli::long_option_names(declared.options)) {
            names.push_back(std::move(option));
        }
    }
    return names;
}

// What a run sets up as it goes, for the error report at its end.
struct RunState {
    std::shared_ptr<log::KnownSecrets> secrets = std::make_shared<log::KnownSecrets>();
    std::shared_ptr<spdlog::logger> logger;
    bool json_logs = false;
};

// The one place where an error becomes a sentence: secrets scrubbed, control characters escaped
// (newlines stay: a few messages end with text to copy, such as the Role a 403 asks for).
void report_error(const std::string& message, const RunState& state,
                  const std::map<std::string, std::string>& environment) {
    const std::string scrubbed = state.secrets->scrub(message);
    const std::string text = escape_control_characters(scrubbed, true);
    if (state.json_logs && state.logger != nullptr) {
        state.logger->error("{}", scrubbed);  // JSON escapes it
    } else {
        std::cerr << "deckhand: " << text << std::endl;
    }
    cli::write_termination_log(text, environment);
}

std::string unknown_command_message(const std::string& name, plugin::PluginHost& host) {
    std::string message = "unknown command '" + name + "'";
    const std::string hint = cli::unknown_command_hint(name, host.command_names());
    message += hint.empty() ? "; run 'deckhand help' for the list" : hint;
    if (!host.refusals().empty()) {
        message += " (" + std::to_string(host.refusals().size()) +
                   " plugin file(s) were refused; see the warnings above)";
    }
    return message;
}

int run(const std::vector<std::string>& args, const std::map<std::string, std::string>& environment,
        RunState& state) {
    cli::Invocation invocation = cli::split_invocation(args);
    cli::OptsDefaults opts =
        cli::split_opts_tokens(cli::read_opts_file(opts_file_name), opts_file_name);
    std::vector<cli::LogNote> notes;
    Config config =
        cli::resolve_config_with_local_env(invocation.globals, opts.globals, environment, notes);
    if (config.database_url_text) {
        state.secrets->add_url(*config.database_url_text);
    }
    for (auto& value :
         cli::secret_placeholder_values(invocation.command_args, config.placeholders)) {
        state.secrets->add_value(std::move(value));
    }
    for (const auto& group : opts.command_groups) {
        for (auto& value : cli::secret_placeholder_values(group.words, {})) {
            state.secrets->add_value(std::move(value));
        }
    }
    state.json_logs = log::parse_format(config.log_format, "--log-format") == log::Format::json;
    state.logger = log::make_logger(
        config.log_level, state.json_logs ? log::Format::json : log::Format::text, state.secrets);
    auto& logger = state.logger;
    for (const auto& note : notes) {
        logger->log(note.level, "{}", note.message);
    }

    std::vector<std::filesystem::path> folders = config.plugin_dirs;
    if (auto installed = installed_plugin_folder(); !installed.empty()) {
        folders.push_back(installed);
    }
    plugin::PluginHost host(folders, config, *logger);
    for (auto& builtin : cli::make_builtin_commands(host)) {
        host.add_builtin(std::move(builtin));
    }

    std::string name;
    std::vector<std::string> command_args = invocation.command_args;
    if (invocation.version && !invocation.command) {
        name = "version";
    } else if (!invocation.command) {
        if (!invocation.help) {
            host.load_all();
            std::cerr << cli::general_help(host);
            return to_int(ExitStatus::usage);
        }
        name = "help";
    } else {
        name = *invocation.command;
    }
    if (invocation.help && name != "help") {
        command_args = {name};  // `deckhand migrate --help` is `deckhand help migrate`
        name = "help";
    }

    // Exceptions thrown by plugin code may carry a vtable that lives in the plugin: copy them into
    // the core's own types here, while the plugins are still loaded.
    try {
        Command* command = host.find_command(name);
        if (command == nullptr) {
            throw UsageError(unknown_command_message(name, host));
        }
        cli::CommandOptions declared(*command);
        cli::warn_about_unknown_opts_options(
            declared, opts, [&] { return options_of_other_commands(host, *command); }, *logger);
        cli::parse_command_arguments(*command, declared, command_args, opts);

        Cancellation cancellation;
        std::optional<cli::SignalWatcher> signals;
        if (command->needs() != Needs::nothing) {
            signals.emplace(cancellation);
        }
        cli::HostContext context(config, logger, host, cancellation, state.secrets);
        int status = command->run(context);
        std::cout.flush();
        return status;
    } catch (const Error& e) {
        throw Error(e.exit_status(), e.what());
    } catch (const std::exception& e) {
        throw std::runtime_error(e.what());
    }
}

}  // namespace

int run_host(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    const auto environment = cli::process_environment();
    RunState state;
    try {
        return run(args, environment, state);
    } catch (const Error& e) {
        report_error(e.what(), state, environment);
        return e.exit_status();
    } catch (const std::exception& e) {
        report_error(std::string("unexpected error: ") + e.what(), state, environment);
        return to_int(ExitStatus::work_failed);
    }
}

}  // namespace deckhand
