// The plugin files of one folder, and the check that nobody but its owner can put files there.
#pragma once

#include <filesystem>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand::plugin {

// The *.so files of `folder`, sorted by name. Throws PluginRefused when the folder can be
// written by users other than its owner: loading code from there would run whatever they put in.
DECKHAND_API std::vector<std::filesystem::path> list_plugin_files(
    const std::filesystem::path& folder);

// Throws PluginRefused when users other than the owner can write to `path` (what: "file",
// "folder").
void refuse_if_writable_by_others(const std::filesystem::path& path, const char* what);

}  // namespace deckhand::plugin
