// What the host knows of a plugin file before loading it: read from the "deckhand" section on
// disk, and checked against this host's plugin API and ABI.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand::plugin {

struct PluginFile {
    std::filesystem::path path;
    std::uint32_t api_major = 0;
    std::uint32_t api_minor = 0;
    std::vector<std::string> commands;  // kebab-case names
    std::vector<std::string> drivers;   // URL schemes
    // The dialect of each scheme's driver, where the file declares it (plugin API 1.5:
    // DECKHAND_PLUGIN_DATABASE_DRIVER); a driver of an older plugin tells it only when connected.
    std::map<std::string, std::string> dialects;
    std::vector<std::string> services;  // service names (deckhand/service.hpp)
    bool dynamic_commands = false;      // commands known only once loaded (tasks)
};

// Why a plugin file or folder was not used; the message names the file.
class DECKHAND_API PluginRefused : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Reads and checks a file; throws PluginRefused naming the file, the expected symbol and both
// versions where they differ.
DECKHAND_API PluginFile inspect_plugin_file(const std::filesystem::path& path);

// The API symbol and ABI tag this host was built with.
std::string host_api_version();
const char* host_abi_tag();

}  // namespace deckhand::plugin
