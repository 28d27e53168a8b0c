// The host's main flow: options, plugins, the command, and the one place where errors become
// a sentence on stderr and an exit status.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/program_options/parsers.hpp>
#include <boost/program_options/variables_map.hpp>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/builtin_commands.hpp"
#include "cli/did_you_mean.hpp"
#include "cli/help.hpp"
#include "cli/host_context.hpp"
#include "cli/invocation.hpp"
#include "cli/signal_watcher.hpp"
#include "cli/termination_log.hpp"
#include "deckhand/database_url.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/host.hpp"
#include "log/logging.hpp"
#include "plugin/plugin_host.hpp"

namespace po = boost::program_options;

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

std::vector<std::string> long_option_names(const po::options_description& options) {
    std::vector<std::string> names;
    for (const auto& option : options.options()) {
        names.push_back("--" + option->long_name());
    }
    return names;
}

constexpr int parser_style =
    po::command_line_style::default_style & ~po::command_line_style::allow_guessing;

void parse_command_arguments(Command& command, const cli::CommandOptions& declared,
                             const std::vector<std::string>& args, const cli::OptsDefaults& opts) {
    po::variables_map values;
    const std::string who = "deckhand " + command.name();
    try {
        po::store(po::command_line_parser(args)
                      .options(declared.options)
                      .positional(declared.positionals)
                      .style(parser_style)
                      .run(),
                  values);
    } catch (const po::unknown_option& e) {
        auto suggestion =
            cli::did_you_mean(e.get_option_name(), long_option_names(declared.options));
        throw UsageError(who + ": unknown option " + e.get_option_name() +
                         (suggestion ? "; did you mean " + *suggestion + "?"
                                     : "; see 'deckhand help " + command.name() + "'"));
    } catch (const po::too_many_positional_options_error&) {
        throw UsageError(who + ": too many arguments; see 'deckhand help " + command.name() + "'");
    } catch (const po::error& e) {
        throw UsageError(who + ": " + e.what());
    }
    // deckhand.opts defaults, for the options this command has; the command line wins.
    for (const auto& group : opts.command_groups) {
        const std::string name = group.front().substr(2, group.front().find('=') - 2);
        if (declared.options.find_nothrow(name, false) == nullptr) {
            continue;
        }
        try {
            po::store(
                po::command_line_parser(group).options(declared.options).style(parser_style).run(),
                values);
        } catch (const po::error& e) {
            throw ConfigError(std::string(opts_file_name) + ": " + e.what());
        }
    }
    try {
        po::notify(values);
    } catch (const po::error& e) {
        throw UsageError(who + ": " + e.what());
    }
    command.validate_options();
}

void report_error(const std::string& message, spdlog::logger* logger, bool json,
                  const std::map<std::string, std::string>& environment) {
    const std::string text = redact_secrets(message);
    if (json && logger != nullptr) {
        logger->error("{}", text);
    } else {
        std::cerr << "deckhand: " << text << std::endl;
    }
    cli::write_termination_log(text, environment);
}

std::string unknown_command_message(const std::string& name, plugin::PluginHost& host) {
    std::string message = "unknown command '" + name + "'";
    if (auto suggestion = cli::did_you_mean(name, host.command_names())) {
        message += "; did you mean '" + *suggestion + "'?";
    } else {
        message += "; run 'deckhand help' for the list";
    }
    if (!host.refusals().empty()) {
        message += " (" + std::to_string(host.refusals().size()) +
                   " plugin file(s) were refused; see the warnings above)";
    }
    return message;
}

int run(const std::vector<std::string>& args, const std::map<std::string, std::string>& environment,
        std::shared_ptr<spdlog::logger>& logger, bool& json_logs) {
    cli::Invocation invocation = cli::split_invocation(args);
    cli::OptsDefaults opts =
        cli::split_opts_tokens(cli::read_opts_file(opts_file_name), opts_file_name);
    Config config = cli::resolve_config(invocation.globals, opts.globals, environment);
    json_logs = log::parse_format(config.log_format, "--log-format") == log::Format::json;
    logger = log::make_logger(config.log_level, json_logs ? log::Format::json : log::Format::text);

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
        parse_command_arguments(*command, declared, command_args, opts);

        Cancellation cancellation;
        std::optional<cli::SignalWatcher> signals;
        if (command->needs() != Needs::nothing) {
            signals.emplace(cancellation);
        }
        cli::HostContext context(config, logger, host, cancellation);
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
    std::shared_ptr<spdlog::logger> logger;
    bool json_logs = false;
    try {
        return run(args, environment, logger, json_logs);
    } catch (const Error& e) {
        report_error(e.what(), logger.get(), json_logs, environment);
        return e.exit_status();
    } catch (const std::exception& e) {
        report_error(std::string("unexpected error: ") + e.what(), logger.get(), json_logs,
                     environment);
        return to_int(ExitStatus::work_failed);
    }
}

}  // namespace deckhand
