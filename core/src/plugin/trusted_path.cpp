// The ownership and permission walk of check_trusted_path, from the resolved file up to /.
#include "plugin/trusted_path.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/plugin_file.hpp"

namespace deckhand::plugin {
namespace {

std::string octal_mode(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

std::string user_name(uid_t uid) {
    std::vector<char> buffer(4096);
    passwd entry{};
    passwd* found = nullptr;
    std::string shown = "uid " + std::to_string(uid);
    if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) {
        shown += " (" + std::string(found->pw_name) + ")";
    }
    return shown;
}

// Why `info` is not trusted, or "". A `strict` item (the checked file or folder, and the folder
// holding a checked file) gets no exception for sticky folders.
std::string distrust(const std::filesystem::path& item, const struct stat& info, bool strict,
                     uid_t me) {
    if (info.st_uid != 0 && info.st_uid != me) {
        return "it is owned by " + user_name(info.st_uid) + ", neither root nor " + user_name(me) +
               " who runs deckhand";
    }
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) == 0) {
        return {};
    }
    const bool sticky_root_folder =
        S_ISDIR(info.st_mode) && info.st_uid == 0 && (info.st_mode & S_ISVTX) != 0;
    if (!strict && sticky_root_folder) {
        return {};
    }
    return "users other than its owner can write to it (mode " + octal_mode(info.st_mode) +
           "); run chmod go-w " + item.string();
}

}  // namespace

void check_trusted_path(const std::filesystem::path& path, std::string_view what) {
    const std::string where = "refusing to load " + std::string(what) + " " + path.string();
    std::error_code error;
    const std::filesystem::path resolved = std::filesystem::canonical(path, error);
    if (error) {
        throw PluginRefused(where + ": it cannot be resolved (" + error.message() + ")");
    }
    const std::string via =
        resolved == path ? std::string() : " (which resolves to " + resolved.string() + ")";
    const uid_t me = geteuid();
    const bool is_folder = std::filesystem::is_directory(resolved, error);
    auto refusal = [&](std::initializer_list<std::string_view> parts) {
        std::string message = where + via;
        for (const auto part : parts) {
            message += part;
        }
        return PluginRefused(message);
    };
    for (std::filesystem::path item = resolved;; item = item.parent_path()) {
        struct stat info {};
        if (stat(item.c_str(), &info) != 0) {
            throw refusal({": cannot check ", item.string(), " (", std::strerror(errno), ")"});
        }
        const bool itself = item == resolved;
        const bool strict = itself || (!is_folder && item == resolved.parent_path());
        if (const std::string why = distrust(item, info, strict, me); !why.empty()) {
            if (itself) {
                throw refusal({": ", why});
            }
            throw refusal({": the folder ", item.string(), " on its path is not safe: ", why});
        }
        if (item == item.root_path()) {
            break;
        }
    }
}

}  // namespace deckhand::plugin
