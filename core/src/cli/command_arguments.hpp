// A command's own arguments, from the command line and from deckhand.opts, parsed into the
// fields the command bound them to, with the checks every command gets alike: no unknown option,
// no empty value, and a warning for a deckhand.opts option that no command has.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/help.hpp"
#include "cli/invocation.hpp"
#include "deckhand/command.hpp"

namespace spdlog {
class logger;
}

namespace deckhand::cli {

// Parses `args`, then the deckhand.opts groups whose option the command has (the command line
// wins), notifies the bound fields and calls validate_options(). Throws UsageError (ConfigError
// for deckhand.opts) naming the option: unknown, malformed, or given an empty value.
void parse_command_arguments(Command& command, const CommandOptions& declared,
                             const std::vector<std::string>& args, const OptsDefaults& opts);

// Warns, naming the file and line, about each deckhand.opts option that neither this command
// nor any other has (a typo such as --lock-timout); an option of another command is fine.
// `other_options` lists the long options ("--lock-timeout") of every other command; it is asked
// only when the command lacks one of the file's options, since it may load every plugin.
void warn_about_unknown_opts_options(const CommandOptions& declared, const OptsDefaults& opts,
                                     const std::function<std::vector<std::string>()>& other_options,
                                     spdlog::logger& log);

// The long options of `options`, as "--name".
std::vector<std::string> long_option_names(
    const boost::program_options::options_description& options);

}  // namespace deckhand::cli
