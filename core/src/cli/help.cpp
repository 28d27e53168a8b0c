// Rendering of `deckhand help` and `deckhand help <command>` from the commands' own declarations.
#include "cli/help.hpp"

#include <sstream>

#include "cli/global_options.hpp"

namespace deckhand::cli {
namespace {

constexpr unsigned help_width = 100;

std::string pad(std::string text, std::size_t width) {
    if (text.size() < width) {
        text.resize(width, ' ');
    }
    return text;
}

// Wraps `text` into lines of at most `width` columns, each after `indent` spaces but the first.
std::string wrap(const std::string& text, std::size_t indent, std::size_t width) {
    std::string out;
    std::size_t column = indent;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        const std::size_t length = end - start;
        if (column > indent && column + 1 + length > width) {
            out += "\n" + std::string(indent, ' ');
            column = indent;
        } else if (column > indent) {
            out += ' ';
            ++column;
        }
        out.append(text, start, length);
        column += length;
        start = end + 1;
    }
    return out;
}

}  // namespace

CommandOptions::CommandOptions(Command& command)
    : options("Options for " + command.name(), help_width, help_width / 2) {
    command.define_options(options);
    command.define_positionals(positionals);
}

std::string global_options_help() {
    constexpr std::size_t flag_width = 30;
    std::ostringstream out;
    out << "Global options (each also set by its environment variable; a flag wins):\n";
    for (const auto& option : global_options()) {
        std::string flag = std::string("  --") + option.flag + " " + option.value_name;
        std::string help = option.help;
        if (*option.variable != '\0') {
            help += std::string(" [") + option.variable + "]";
        }
        out << pad(flag, flag_width) << wrap(help, flag_width, help_width) << "\n";
    }
    out << "Defaults may also come from ./deckhand.opts (one or more options per line, # "
           "comments).\n"
        << "Locally (not in production, not inside Kubernetes) ./.env supplies DATABASE_URL and "
           "DECKHAND_* variables,\nread as dbmate reads it; a real environment variable wins.\n";
    return out.str();
}

std::string general_help(const plugin::PluginHost& host) {
    std::ostringstream out;
    out << "deckhand: migrations, seeds, Job waits and one-off tasks for deployments\n\n"
        << "Usage: deckhand [global options] <command> [command options] [arguments]\n\n"
        << "Commands:\n";
    std::size_t width = 0;
    for (const auto& [name, entry] : host.commands()) {
        width = std::max(width, name.size());
    }
    for (const auto& [name, entry] : host.commands()) {
        out << "  " << pad(name, width + 2) << entry.command->summary() << "\n";
    }
    out << "\n" << global_options_help();
    out << "\nRun 'deckhand help <command>' for the options of one command.\n";
    return out.str();
}

std::string command_help(Command& command, const CommandOptions& options) {
    std::ostringstream out;
    out << "Usage: deckhand " << command.name();
    if (!options.options.options().empty()) {
        out << " [options]";
    }
    if (!command.usage().empty()) {
        out << " " << command.usage();
    }
    out << "\n\n" << command.summary() << "\n";
    if (!options.options.options().empty()) {
        out << "\n" << options.options;
    }
    if (!command.description().empty()) {
        out << "\n" << command.description() << "\n";
    }
    out << "\nGlobal options such as --database-url apply too: see 'deckhand help'.\n";
    return out.str();
}

}  // namespace deckhand::cli
