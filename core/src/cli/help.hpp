// Usage text: the list of commands with the global options, and one command's generated usage.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/positional_options.hpp>
#include <string>

#include "deckhand/command.hpp"
#include "plugin/plugin_host.hpp"

namespace deckhand::cli {

// A command's options as Boost.ProgramOptions sees them, declared once for parsing and help.
struct CommandOptions {
    explicit CommandOptions(Command& command);
    boost::program_options::options_description options;
    boost::program_options::positional_options_description positionals;
};

std::string general_help(const plugin::PluginHost& host);
std::string command_help(Command& command, const CommandOptions& options);
std::string global_options_help();

}  // namespace deckhand::cli
