// The plugin files of one folder, listed once the folder is known to be safe to load code from.
#pragma once

#include <filesystem>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand::plugin {

// The *.so files of `folder`, sorted by name. Throws PluginRefused when the folder is not trusted
// (see check_trusted_path): loading code from there would run whatever others put in.
DECKHAND_API std::vector<std::filesystem::path> list_plugin_files(
    const std::filesystem::path& folder);

}  // namespace deckhand::plugin
