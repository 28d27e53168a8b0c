// Opening a plugin's private library: the same checks the host makes of a plugin (a trusted owner
// and path, a sound ELF layout, a matching build) before any of its code is used.
#include "deckhand/private_library.hpp"

#include <boost/dll/shared_library_load_mode.hpp>
#include <cstring>

#include "deckhand/errors.hpp"
#include "plugin/elf_image.hpp"
#include "plugin/plugin_file.hpp"
#include "plugin/trusted_path.hpp"

namespace deckhand {
namespace {

std::string describe(const PrivateLibraryStamp& stamp) {
    return "plugin API " + std::to_string(stamp.api_major) + "." + std::to_string(stamp.api_minor) +
           ", ABI " + stamp.abi_tag + ", version " + stamp.version;
}

bool same_build(const PrivateLibraryStamp& a, const PrivateLibraryStamp& b) {
    return a.api_major == b.api_major && a.api_minor == b.api_minor &&
           std::strcmp(a.abi_tag, b.abi_tag) == 0 && std::strcmp(a.version, b.version) == 0;
}

}  // namespace

PrivateLibrary::PrivateLibrary(std::filesystem::path file, const std::string& entry_symbol,
                               const PrivateLibraryStamp& expected)
    : path_(std::move(file)) {
    const std::string where = "plugin library " + path_.string();
    const std::string reinstall =
        "; reinstall deckhand so that the plugin and its library come from one build";
    std::error_code error;
    if (!std::filesystem::is_regular_file(path_, error)) {
        throw ConfigError(where + " is missing; it belongs in the folder " +
                          path_.parent_path().filename().string() +
                          " beside its plugin, so install or copy the two together");
    }
    try {
        plugin::check_trusted_path(path_, "plugin library");
    } catch (const plugin::PluginRefused& e) {
        throw ConfigError(e.what());
    }
    try {
        // dlopen trusts the file's layout; a truncated library would crash the process in it.
        const plugin::ElfImage checked(path_);
    } catch (const std::exception& e) {
        throw ConfigError(where + " " + e.what() + reinstall);
    }
    try {
        library_.load(path_, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
        throw ConfigError(where + " cannot be loaded: " + e.what());
    }
    if (!library_.has(entry_symbol)) {
        throw ConfigError(where + " has no entry point '" + entry_symbol +
                          "', so it belongs to another version of its plugin" + reinstall);
    }
    stamp_ = library_.get<const PrivateLibraryStamp*()>(entry_symbol)();
    if (stamp_ == nullptr || stamp_->abi_tag == nullptr || stamp_->version == nullptr) {
        throw ConfigError(where + " answered its entry point '" + entry_symbol +
                          "' without saying which build it belongs to" + reinstall);
    }
    if (!same_build(*stamp_, expected)) {
        throw ConfigError(where + " was built for " + describe(*stamp_) + ", but its plugin for " +
                          describe(expected) + reinstall);
    }
}

PrivateLibrary::~PrivateLibrary() = default;

}  // namespace deckhand
