// Splitting a command line into global options (allowed before and after the command), the
// command name, and the command's own arguments.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/global_options.hpp"

namespace deckhand::cli {

struct Invocation {
    GivenGlobals globals;
    std::optional<std::string> command;
    std::vector<std::string> command_args;  // in order, without the global options
    bool help = false;                      // -h/--help anywhere before "--"
    bool version = false;                   // --version before the command
};

// Throws UsageError for an unknown option before the command, or a global option without a value
// or with an empty one.
DECKHAND_API Invocation split_invocation(const std::vector<std::string>& args);

// The sentence for an option given an empty value ("--target ''", "--target=", an unset variable
// in a Job manifest): `option` is "--target", or a positional argument's name.
std::string empty_value_message(const std::string& option);

// deckhand.opts: default arguments, one or more per line, '#' starts a comment, quotes group
// words. Returns the tokens with their line numbers; nothing if the file does not exist.
struct OptsToken {
    std::string text;
    int line;
};
DECKHAND_API std::vector<OptsToken> read_opts_file(const std::string& path);

// Splits deckhand.opts tokens into global settings and the rest (options for the command, used
// only where the command has them). Throws ConfigError naming the file and line.
struct OptsGroup {
    std::vector<std::string> words;  // an option and its values
    std::string where;               // "deckhand.opts line 3"
};
struct OptsDefaults {
    GivenGlobals globals;
    std::vector<OptsGroup> command_groups;
};
DECKHAND_API OptsDefaults split_opts_tokens(const std::vector<OptsToken>& tokens,
                                            const std::string& path);

}  // namespace deckhand::cli
