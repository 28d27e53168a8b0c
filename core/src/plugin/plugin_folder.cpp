// Listing of plugin folders with the ownership check DESIGN.md asks for.
#include "plugin/plugin_folder.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>

#include "plugin/plugin_file.hpp"

namespace deckhand::plugin {
namespace {

std::string octal_mode(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

}  // namespace

void refuse_if_writable_by_others(const std::filesystem::path& path, const char* what) {
    struct stat info {};
    if (stat(path.c_str(), &info) != 0) {
        return;
    }
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        throw PluginRefused(std::string("refusing to load plugins from ") + what + " " +
                            path.string() + ": users other than its owner can write to it (mode " +
                            octal_mode(info.st_mode) + "); run chmod go-w " + path.string());
    }
}

std::vector<std::filesystem::path> list_plugin_files(const std::filesystem::path& folder) {
    refuse_if_writable_by_others(folder, "folder");
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
