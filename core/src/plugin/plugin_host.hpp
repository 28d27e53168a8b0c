// The host's side of the plugin boundary: which plugin files exist and what they offer (read
// from disk), loading only those a run needs, and the commands and drivers they registered.
#pragma once

#include <boost/dll/shared_library.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "deckhand/check.hpp"
#include "deckhand/command.hpp"
#include "deckhand/config.hpp"
#include "deckhand/db/driver.hpp"
#include "deckhand/registry.hpp"
#include "deckhand/service.hpp"
#include "plugin/plugin_file.hpp"

namespace spdlog {
class logger;
}

namespace deckhand::plugin {

struct LoadedPluginInfo {
    std::string name;
    std::string version;
    std::filesystem::path path;
    std::vector<std::string> commands;
    std::vector<std::string> drivers;
};

struct Refusal {
    std::filesystem::path path;
    std::string reason;  // a sentence naming the file
};

struct CommandEntry {
    std::unique_ptr<Command> command;
    std::string plugin;          // plugin name, or "deckhand" for built-ins
    std::filesystem::path file;  // empty for built-ins
};

class DECKHAND_API PluginHost {
  public:
    // Inspects every plugin file of `folders` (in order; the first offer of a name wins) and logs
    // a warning for each refusal. Loads nothing.
    PluginHost(const std::vector<std::filesystem::path>& folders, const Config& config,
               spdlog::logger& log);
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    // Built-in commands (help, version, plugins) belong to the host itself.
    void add_builtin(std::unique_ptr<Command> command);

    // The command of that name, loading the plugin that offers it (or, failing that, the plugins
    // whose commands are only known once loaded); nullptr if none has it.
    Command* find_command(const std::string& name);
    // The driver for a URL scheme, loading its plugin; throws ConfigError if none offers it.
    const db::DriverFactory& driver(const std::string& scheme);
    // The same, whole: its dialect (empty for a driver of plugin API 1.4 or older that the file
    // declares none for) and its check of URLs (may be empty).
    const db::Driver& database_driver(const std::string& scheme);
    // The plugin file of the driver for a URL scheme, loading it (throws as driver() does).
    const std::filesystem::path& driver_file(const std::string& scheme);
    // Whether some plugin file offers a driver for the scheme (loads nothing).
    bool offers_driver(const std::string& scheme) const;
    // The dialect of the scheme's driver as its plugin file declares it, loading nothing; ""
    // when no file declares one (older plugins, or no driver).
    std::string declared_dialect(const std::string& scheme) const;
    // Every dialect some plugin file declares, sorted, loading nothing.
    std::vector<std::string> declared_dialects() const;
    // The plugin API minor the driver's plugin was built for (load it with driver() first).
    std::uint32_t driver_api_minor(const std::string& scheme) const;
    // The service offered under `name`, loading the plugin that offers it; an empty offer when
    // none does.
    ServiceOffer service(const std::string& name);
    // Loads every plugin (help, version, plugins and doctor want them all).
    void load_all();

    // Every command name known without loading, plus those registered so far; sorted.
    std::vector<std::string> command_names() const;
    const std::map<std::string, CommandEntry>& commands() const { return commands_; }
    // The environment checks of every plugin loaded so far: those of CheckStage::files first,
    // then the others, each in the order the plugins were loaded.
    std::vector<Check*> checks() const;
    const std::vector<LoadedPluginInfo>& loaded() const { return loaded_info_; }
    const std::vector<PluginFile>& files() const { return files_; }
    const std::vector<Refusal>& refusals() const { return refusals_; }

  private:
    class StagingRegistry;
    void load(const PluginFile& file);
    void refuse(const std::filesystem::path& path, const std::string& reason);
    const PluginFile* file_offering_command(const std::string& name) const;
    struct DriverEntry;
    const DriverEntry& loaded_driver(const std::string& scheme);

    const Config& config_;
    spdlog::logger& log_;
    std::vector<PluginFile> files_;
    std::vector<Refusal> refusals_;
    std::vector<std::filesystem::path> attempted_;
    // Declared before what the plugins created, so that it is destroyed after it: every object a
    // plugin made goes away before the plugin's code is unloaded.
    std::vector<boost::dll::shared_library> libraries_;
    std::vector<LoadedPluginInfo> loaded_info_;
    std::map<std::string, CommandEntry> commands_;
    struct CheckEntry {
        std::unique_ptr<Check> check;
        CheckStage stage = CheckStage::environment;
    };
    std::vector<CheckEntry> checks_;
    struct ServiceEntry {
        std::unique_ptr<Service> service;
        std::filesystem::path path;  // the plugin file that registered it
        std::uint32_t api_minor = 0;
    };
    std::map<std::string, ServiceEntry> services_;
    struct DriverEntry {
        db::Driver driver;
        std::filesystem::path path;  // the plugin file that registered it
        std::uint32_t api_minor = 0;
    };
    std::map<std::string, DriverEntry> drivers_;
};

// True for names such as "migrate" and "wait-for-job".
DECKHAND_API bool is_kebab_case(const std::string& name);

}  // namespace deckhand::plugin
