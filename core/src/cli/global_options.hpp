// The global options of SPEC.md, declared once: their flags, environment variables and help,
// and how flags, variables, deckhand.opts and defaults combine into a Config.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "deckhand/config.hpp"

namespace deckhand::cli {

struct GlobalOption {
    const char* flag;        // without the leading "--"
    const char* value_name;  // as shown in help
    const char* variable;    // environment variable, "" if none
    const char* help;
};

DECKHAND_API const std::vector<GlobalOption>& global_options();
const GlobalOption* find_global_option(const std::string& flag);

// One global setting as given, with where it came from ("--migrations",
// "deckhand.opts line 3") for error messages.
struct GivenValue {
    std::string value;
    std::string origin;
};
using GivenGlobals = std::map<std::string, std::vector<GivenValue>>;

// Combines, for each setting, the command line, then the environment, then deckhand.opts, then
// the default. `environment` is the process environment (a map, for tests), with what .env adds;
// `origins` names where a variable came from when it is not the environment (".env line 3").
DECKHAND_API Config resolve_config(const GivenGlobals& command_line, const GivenGlobals& opts_file,
                                   const std::map<std::string, std::string>& environment,
                                   const std::map<std::string, std::string>& origins = {});

std::map<std::string, std::string> process_environment();

}  // namespace deckhand::cli
