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

// `origin_of` names a token's origin for errors; for the command line it is the flag itself.
// Throws UsageError for an unknown option before the command, or a global option without value.
DECKHAND_API Invocation split_invocation(const std::vector<std::string>& args);

// deckhand.opts: default arguments, one or more per line, '#' starts a comment, quotes group
// words. Returns the tokens with their line numbers; nothing if the file does not exist.
struct OptsToken {
    std::string text;
    int line;
};
DECKHAND_API std::vector<OptsToken> read_opts_file(const std::string& path);

// Splits deckhand.opts tokens into global settings and the rest (options for the command, used
// only where the command has them). Throws ConfigError naming the file and line.
struct OptsDefaults {
    GivenGlobals globals;
    std::vector<std::vector<std::string>> command_groups;  // each: an option and its values
};
DECKHAND_API OptsDefaults split_opts_tokens(const std::vector<OptsToken>& tokens,
                                            const std::string& path);

}  // namespace deckhand::cli
