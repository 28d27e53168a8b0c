// The .env file of the working folder, for local development: its DATABASE_URL and DECKHAND_*
// settings count as environment variables that the real environment overrides. Never read in
// production or inside Kubernetes, where configuration must come from the Pod alone.
#pragma once

#include <spdlog/common.h>

#include <map>
#include <string>
#include <vector>

#include "cli/global_options.hpp"

namespace deckhand::cli {

// A message for the log, which does not exist yet when the configuration is resolved.
struct LogNote {
    spdlog::level::level_enum level;
    std::string message;
};

// resolve_config() over the environment and, where allowed, the working folder's .env; what the
// reading found worth saying (lines not understood, why the file was not read) goes to `notes`.
Config resolve_config_with_local_env(const GivenGlobals& command_line,
                                     const GivenGlobals& opts_file,
                                     const std::map<std::string, std::string>& environment,
                                     std::vector<LogNote>& notes);

}  // namespace deckhand::cli
