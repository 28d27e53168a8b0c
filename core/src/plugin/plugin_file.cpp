// Inspection of plugin files from disk: identity, versions and offers, before any code runs.
#include "plugin/plugin_file.hpp"

#include <algorithm>
#include <charconv>

#include "deckhand/plugin.hpp"
#include "plugin/elf_section_symbols.hpp"

namespace deckhand::plugin {
namespace {

bool starts_with(const std::string& text, const char* prefix) {
    return text.rfind(prefix, 0) == 0;
}

std::string kebab(std::string name) {
    std::replace(name.begin(), name.end(), '_', '-');
    return name;
}

// "deckhand_api_1_0" -> 1, 0
bool parse_api_symbol(const std::string& symbol, std::uint32_t& major, std::uint32_t& minor) {
    std::string_view rest(symbol);
    rest.remove_prefix(std::string_view(plugin_api_symbol_prefix).size());
    auto underscore = rest.find('_');
    if (underscore == std::string_view::npos) {
        return false;
    }
    auto major_text = rest.substr(0, underscore);
    auto minor_text = rest.substr(underscore + 1);
    return std::from_chars(major_text.data(), major_text.data() + major_text.size(), major).ec ==
               std::errc{} &&
           std::from_chars(minor_text.data(), minor_text.data() + minor_text.size(), minor).ec ==
               std::errc{};
}

}  // namespace

std::string host_api_version() {
    return std::to_string(plugin_api_major) + "." + std::to_string(plugin_api_minor);
}

const char* host_abi_tag() {
    return DECKHAND_ABI_TAG;
}

PluginFile inspect_plugin_file(const std::filesystem::path& path) {
    const std::string where = "plugin " + path.string();
    std::vector<std::string> symbols;
    try {
        symbols = read_section_symbols(path, plugin_section);
    } catch (const std::exception& e) {
        throw PluginRefused(where + " " + e.what());
    }
    PluginFile file;
    file.path = path;
    bool has_descriptor = false;
    bool has_api = false;
    std::string abi_symbol;
    for (const auto& symbol : symbols) {
        if (symbol == plugin_descriptor_symbol) {
            has_descriptor = true;
        } else if (starts_with(symbol, plugin_api_symbol_prefix)) {
            has_api = parse_api_symbol(symbol, file.api_major, file.api_minor);
        } else if (starts_with(symbol, plugin_abi_symbol_prefix)) {
            abi_symbol = symbol;
        } else if (starts_with(symbol, plugin_command_symbol_prefix)) {
            file.commands.push_back(
                kebab(symbol.substr(std::string_view(plugin_command_symbol_prefix).size())));
        } else if (starts_with(symbol, plugin_dialect_symbol_prefix)) {
            // deckhand_dialect_<scheme>__<dialect>
            const std::string rest =
                symbol.substr(std::string_view(plugin_dialect_symbol_prefix).size());
            const auto separator = rest.find(plugin_dialect_symbol_separator);
            if (separator == std::string::npos || separator == 0 || separator + 2 >= rest.size()) {
                std::string why = where;
                why += " declares a dialect in a malformed symbol '";
                why += symbol;
                why += "' (expected ";
                why += plugin_dialect_symbol_prefix;
                why += "<scheme>__<dialect>, as DECKHAND_PLUGIN_DATABASE_DRIVER writes it)";
                throw PluginRefused(why);
            }
            file.dialects[rest.substr(0, separator)] = rest.substr(separator + 2);
        } else if (starts_with(symbol, plugin_driver_symbol_prefix)) {
            file.drivers.push_back(
                symbol.substr(std::string_view(plugin_driver_symbol_prefix).size()));
        } else if (starts_with(symbol, plugin_service_symbol_prefix)) {
            file.services.push_back(
                kebab(symbol.substr(std::string_view(plugin_service_symbol_prefix).size())));
        } else if (symbol == plugin_dynamic_commands_symbol) {
            file.dynamic_commands = true;
        }
    }
    if (!has_descriptor) {
        throw PluginRefused(where + " is not a deckhand plugin: it exports no '" +
                            plugin_descriptor_symbol + "' symbol in a '" + plugin_section +
                            "' section (build it with DECKHAND_PLUGIN)");
    }
    if (!has_api) {
        throw PluginRefused(where + " names no plugin API version (expected a symbol " +
                            plugin_api_symbol_prefix + std::to_string(plugin_api_major) + "_N)");
    }
    const std::string plugin_api =
        std::to_string(file.api_major) + "." + std::to_string(file.api_minor);
    if (file.api_major != plugin_api_major) {
        throw PluginRefused(
            where + " was built for plugin API " + plugin_api + ", but this deckhand speaks API " +
            host_api_version() + " (expected symbol " + plugin_api_symbol_prefix +
            std::to_string(plugin_api_major) + "_*); rebuild the plugin against this deckhand");
    }
    if (file.api_minor > plugin_api_minor) {
        throw PluginRefused(where + " needs plugin API " + plugin_api +
                            ", newer than this deckhand's " + host_api_version() +
                            "; upgrade deckhand");
    }
    if (abi_symbol != host_abi_tag()) {
        throw PluginRefused(
            where + " was built with another compiler, standard library or Boost (ABI " +
            (abi_symbol.empty() ? std::string("unknown") : abi_symbol) + ", expected " +
            host_abi_tag() + "); C++ types cross the plugin boundary, so they must match exactly");
    }
    for (const auto& [scheme, dialect] : file.dialects) {
        if (std::find(file.drivers.begin(), file.drivers.end(), scheme) == file.drivers.end()) {
            std::string why = where;
            why += " declares dialect '";
            why += dialect;
            why += "' for '";
            why += scheme;
            why +=
                ":' URLs but offers no driver for them (declare both with "
                "DECKHAND_PLUGIN_DATABASE_DRIVER)";
            throw PluginRefused(why);
        }
    }
    std::sort(file.commands.begin(), file.commands.end());
    std::sort(file.drivers.begin(), file.drivers.end());
    std::sort(file.services.begin(), file.services.end());
    return file;
}

}  // namespace deckhand::plugin
