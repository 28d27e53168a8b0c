// The host's own commands: help, version and plugins. They need nothing but the plugin host.
#pragma once

#include <memory>
#include <vector>

#include "deckhand/command.hpp"
#include "plugin/plugin_host.hpp"

namespace deckhand::cli {

std::vector<std::unique_ptr<Command>> make_builtin_commands(plugin::PluginHost& host);

}  // namespace deckhand::cli
