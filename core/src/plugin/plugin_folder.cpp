// Listing of plugin folders after the trust check DESIGN.md asks for.
#include "plugin/plugin_folder.hpp"

#include <algorithm>

#include "plugin/plugin_file.hpp"
#include "plugin/trusted_path.hpp"

namespace deckhand::plugin {

std::vector<std::filesystem::path> list_plugin_files(const std::filesystem::path& folder) {
    check_trusted_path(folder, "plugins from folder");
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        if (entry.path().extension() != ".so") {
            continue;
        }
        if (!entry.is_regular_file(error)) {
            continue;
        }
        files.push_back(entry.path());
    }
    if (error) {
        throw PluginRefused("cannot read plugin folder " + folder.string() + ": " +
                            error.message());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace deckhand::plugin
