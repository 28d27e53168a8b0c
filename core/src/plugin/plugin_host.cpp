// Plugin discovery, loading and registration, with every refusal named and the rest kept going.
#include "plugin/plugin_host.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/dll/shared_library_load_mode.hpp>
#include <cstring>
#include <set>

#include "deckhand/errors.hpp"
#include "deckhand/plugin.hpp"
#include "deckhand/registry.hpp"
#include "plugin/plugin_folder.hpp"
#include "plugin/trusted_path.hpp"

namespace deckhand::plugin {
namespace {

std::string single_quoted(const std::string& text) {
    return "'" + text + "'";
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

bool is_kebab_case(const std::string& name) {
    if (name.empty() || !(name.front() >= 'a' && name.front() <= 'z') || name.back() == '-') {
        return false;
    }
    char previous = 0;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && previous != '-');
        if (!ok) {
            return false;
        }
        previous = c;
    }
    return true;
}

// Collects what one plugin registers, so that a plugin whose registration fails leaves nothing
// behind, and checks each name against what the host and the other plugins already have.
class PluginHost::StagingRegistry : public Registry {
  public:
    StagingRegistry(const PluginHost& host, const PluginFile& file) : host_(host), file_(file) {}

    void add_command(std::unique_ptr<Command> command) override {
        if (!command) {
            throw ConfigError("plugin " + file_.path.string() + " registered a null command");
        }
        const std::string name = command->name();
        if (!is_kebab_case(name)) {
            throw ConfigError("plugin " + file_.path.string() + " registered command " +
                              single_quoted(name) +
                              ", which is not a kebab-case name such as 'wait-for-job'");
        }
        if (auto other = host_.commands_.find(name); other != host_.commands_.end()) {
            throw ConfigError("command " + single_quoted(name) + " of plugin " +
                              file_.path.string() +
                              " clashes with the command of the same name from " +
                              (other->second.file.empty() ? std::string("deckhand itself")
                                                          : other->second.file.string()));
        }
        if (const PluginFile* owner = host_.file_offering_command(name);
            owner != nullptr && owner->path != file_.path) {
            throw ConfigError(
                "command " + single_quoted(name) + " of plugin " + file_.path.string() +
                " clashes with the command of the same name from " + owner->path.string());
        }
        if (commands_.count(name) != 0) {
            throw ConfigError("plugin " + file_.path.string() + " registered command " +
                              single_quoted(name) + " twice");
        }
        commands_.emplace(name, std::move(command));
    }

    void add_driver(const std::string& scheme, db::DriverFactory factory) override {
        if (!factory) {
            throw ConfigError("plugin " + file_.path.string() + " registered an empty driver");
        }
        db::Driver driver;
        driver.open = std::move(factory);
        // A plugin of API 1.5 that declares the dialect but registers the old way: its
        // connections are held to what the file declares.
        driver.dialect = declared_dialect(scheme);
        stage(scheme, std::move(driver));
    }

    void add_database_driver(const std::string& scheme, db::Driver driver) override {
        if (!driver.open) {
            throw ConfigError("plugin " + file_.path.string() + " registered an empty driver");
        }
        const std::string declared = declared_dialect(scheme);
        if (driver.dialect.empty() || driver.dialect != declared) {
            // The host read the migrations folder for the declared dialect: a driver that says
            // otherwise would run another dialect's scripts, so the plugin is refused.
            throw ConfigError(
                "its driver for " + single_quoted(scheme + ":") + " URLs has dialect " +
                single_quoted(driver.dialect) + ", but its file declares " +
                (declared.empty() ? std::string("none") : single_quoted(declared)) +
                " (declare the driver with DECKHAND_PLUGIN_DATABASE_DRIVER(" + scheme + ", " +
                (driver.dialect.empty() ? std::string("<dialect>") : driver.dialect) +
                "), the dialect it registers)");
        }
        stage(scheme, std::move(driver));
    }
    void add_check(std::unique_ptr<Check> check) override {
        add_check_at(CheckStage::environment, std::move(check));
    }

    void add_check_at(CheckStage stage, std::unique_ptr<Check> check) override {
        if (!check) {
            throw ConfigError("plugin " + file_.path.string() + " registered a null check");
        }
        checks_.push_back({std::move(check), stage});
    }

    void add_service(const std::string& name, std::unique_ptr<Service> service) override {
        if (!service) {
            throw ConfigError("plugin " + file_.path.string() + " registered an empty service " +
                              single_quoted(name));
        }
        if (auto other = host_.services_.find(name); other != host_.services_.end()) {
            throw ConfigError(
                "service " + single_quoted(name) + " of plugin " + file_.path.string() +
                " clashes with the service of the same name from " + other->second.path.string());
        }
        if (services_.count(name) != 0) {
            throw ConfigError("plugin " + file_.path.string() + " registered service " +
                              single_quoted(name) + " twice");
        }
        services_.emplace(name, std::move(service));
    }

    const Config& config() const override { return host_.config_; }

    std::map<std::string, std::unique_ptr<Command>> commands_;
    std::vector<CheckEntry> checks_;
    std::map<std::string, db::Driver> drivers_;
    std::map<std::string, std::unique_ptr<Service>> services_;

  private:
    // What the file's DECKHAND_PLUGIN_DATABASE_DRIVER symbol says, empty where it says nothing.
    std::string declared_dialect(const std::string& scheme) const {
        const auto declared = file_.dialects.find(scheme);
        return declared == file_.dialects.end() ? std::string() : declared->second;
    }

    void stage(const std::string& scheme, db::Driver driver) {
        if (auto other = host_.drivers_.find(scheme); other != host_.drivers_.end()) {
            throw ConfigError(
                "driver " + single_quoted(scheme) + " of plugin " + file_.path.string() +
                " clashes with the driver of the same scheme from " + other->second.path.string());
        }
        if (drivers_.count(scheme) != 0) {
            throw ConfigError("plugin " + file_.path.string() + " registered driver " +
                              single_quoted(scheme) + " twice");
        }
        drivers_.emplace(scheme, std::move(driver));
    }

    const PluginHost& host_;
    const PluginFile& file_;
};

PluginHost::PluginHost(const std::vector<std::filesystem::path>& folders, const Config& config,
                       spdlog::logger& log)
    : config_(config), log_(log) {
    std::set<std::string> seen_file_names;
    for (const auto& folder : folders) {
        std::error_code error;
        if (!std::filesystem::is_directory(folder, error)) {
            log_.debug("plugin folder {} does not exist; skipped", folder.string());
            continue;
        }
        std::vector<std::filesystem::path> paths;
        try {
            paths = list_plugin_files(folder);
        } catch (const PluginRefused& e) {
            refuse(folder, e.what());
            continue;
        }
        for (const auto& path : paths) {
            // A plugin of the same file name in an earlier folder replaces this one on purpose.
            if (!seen_file_names.insert(path.filename().string()).second) {
                log_.debug("plugin {} is shadowed by one of the same name in an earlier folder",
                           path.string());
                continue;
            }
            try {
                check_trusted_path(path, "plugin file");
                PluginFile file = inspect_plugin_file(path);
                for (const auto& command : file.commands) {
                    if (const PluginFile* owner = file_offering_command(command)) {
                        throw PluginRefused("plugin " + path.string() + " offers command " +
                                            single_quoted(command) + ", which plugin " +
                                            owner->path.string() + " already offers");
                    }
                }
                for (const auto& scheme : file.drivers) {
                    for (const auto& other : files_) {
                        if (contains(other.drivers, scheme)) {
                            throw PluginRefused("plugin " + path.string() +
                                                " offers a driver for " + single_quoted(scheme) +
                                                ", which plugin " + other.path.string() +
                                                " already offers");
                        }
                    }
                }
                for (const auto& service : file.services) {
                    for (const auto& other : files_) {
                        if (contains(other.services, service)) {
                            throw PluginRefused("plugin " + path.string() + " offers service " +
                                                single_quoted(service) + ", which plugin " +
                                                other.path.string() + " already offers");
                        }
                    }
                }
                files_.push_back(std::move(file));
            } catch (const PluginRefused& e) {
                refuse(path, e.what());
            }
        }
    }
}

PluginHost::~PluginHost() {
    // What the plugins created goes first, then their code. Services last of it: what other
    // plugins made may still hold one.
    checks_.clear();
    commands_.clear();
    drivers_.clear();
    services_.clear();
    libraries_.clear();
}

void PluginHost::refuse(const std::filesystem::path& path, const std::string& reason) {
    log_.warn("{}; skipped", reason);
    refusals_.push_back({path, reason});
}

void PluginHost::add_builtin(std::unique_ptr<Command> command) {
    std::string name = command->name();
    commands_.emplace(std::move(name), CommandEntry{std::move(command), "deckhand", {}});
}

const PluginFile* PluginHost::file_offering_command(const std::string& name) const {
    for (const auto& file : files_) {
        if (contains(file.commands, name)) {
            return &file;
        }
    }
    return nullptr;
}

void PluginHost::load(const PluginFile& file) {
    if (std::find(attempted_.begin(), attempted_.end(), file.path) != attempted_.end()) {
        return;
    }
    attempted_.push_back(file.path);
    const std::string where = "plugin " + file.path.string();

    boost::dll::shared_library library;
    try {
        library.load(file.path,
                     boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
        refuse(file.path, where + " cannot be loaded: " + e.what());
        return;
    }
    if (!library.has(plugin_descriptor_symbol)) {
        refuse(file.path,
               where + " lost its '" + plugin_descriptor_symbol + "' symbol when loaded");
        return;
    }
    const auto* descriptor =
        static_cast<const PluginDescriptor*>(library.get<const void*>(plugin_descriptor_symbol));
    if (descriptor == nullptr || descriptor->register_plugin == nullptr ||
        descriptor->name == nullptr || descriptor->version == nullptr ||
        descriptor->abi_tag == nullptr) {
        refuse(file.path, where + " has an incomplete descriptor");
        return;
    }
    if (descriptor->api_major != plugin_api_major || descriptor->api_minor > plugin_api_minor ||
        std::strcmp(descriptor->abi_tag, host_abi_tag()) != 0) {
        refuse(file.path, where + " describes itself as API " +
                              std::to_string(descriptor->api_major) + "." +
                              std::to_string(descriptor->api_minor) + ", ABI " +
                              descriptor->abi_tag + ", but this deckhand expects API " +
                              host_api_version() + ", ABI " + host_abi_tag());
        return;
    }

    LoadedPluginInfo info{descriptor->name, descriptor->version, file.path, {}, {}};
    {
        StagingRegistry staging(*this, file);
        try {
            descriptor->register_plugin(staging);
        } catch (const std::exception& e) {
            refuse(file.path, where + " failed to register: " + e.what());
            return;  // staging, and all it holds, is destroyed before `library` unloads the code
        } catch (...) {
            refuse(file.path, where + " failed to register (it threw a non-standard exception)");
            return;
        }
        for (const auto& command : file.commands) {
            if (staging.commands_.count(command) == 0) {
                refuse(file.path, where + " offers command " + single_quoted(command) +
                                      " but did not register it");
                return;
            }
        }
        for (const auto& scheme : file.drivers) {
            if (staging.drivers_.count(scheme) == 0) {
                refuse(file.path, where + " offers a driver for " + single_quoted(scheme) +
                                      " but did not register it");
                return;
            }
        }
        for (const auto& service : file.services) {
            if (staging.services_.count(service) == 0) {
                refuse(file.path, where + " offers service " + single_quoted(service) +
                                      " but did not register it");
                return;
            }
        }
        libraries_.push_back(std::move(library));
        for (auto& [name, command] : staging.commands_) {
            info.commands.push_back(name);
            commands_.emplace(name, CommandEntry{std::move(command), info.name, file.path});
        }
        for (auto& [scheme, driver] : staging.drivers_) {
            info.drivers.push_back(scheme);
            drivers_.emplace(scheme,
                             DriverEntry{std::move(driver), file.path, descriptor->api_minor});
        }
        for (auto& check : staging.checks_) {
            checks_.push_back(std::move(check));
        }
        for (auto& [name, service] : staging.services_) {
            services_.emplace(name,
                              ServiceEntry{std::move(service), file.path, descriptor->api_minor});
        }
    }
    log_.debug("loaded plugin {} {} from {}", info.name, info.version, file.path.string());
    loaded_info_.push_back(std::move(info));
}

Command* PluginHost::find_command(const std::string& name) {
    if (auto found = commands_.find(name); found != commands_.end()) {
        return found->second.command.get();
    }
    if (const PluginFile* file = file_offering_command(name)) {
        load(*file);
    } else {
        for (const auto& candidate : files_) {
            if (candidate.dynamic_commands) {
                load(candidate);
            }
        }
    }
    auto found = commands_.find(name);
    return found == commands_.end() ? nullptr : found->second.command.get();
}

std::uint32_t PluginHost::driver_api_minor(const std::string& scheme) const {
    auto found = drivers_.find(scheme);
    return found == drivers_.end() ? 0 : found->second.api_minor;
}

const db::DriverFactory& PluginHost::driver(const std::string& scheme) {
    return database_driver(scheme).open;
}

const db::Driver& PluginHost::database_driver(const std::string& scheme) {
    return loaded_driver(scheme).driver;
}

const std::filesystem::path& PluginHost::driver_file(const std::string& scheme) {
    return loaded_driver(scheme).path;
}

const PluginHost::DriverEntry& PluginHost::loaded_driver(const std::string& scheme) {
    if (auto found = drivers_.find(scheme); found == drivers_.end()) {
        for (const auto& file : files_) {
            if (contains(file.drivers, scheme)) {
                load(file);
            }
        }
    }
    if (auto found = drivers_.find(scheme); found != drivers_.end()) {
        return found->second;
    }
    for (const auto& refusal : refusals_) {
        const auto offering =
            std::find_if(files_.begin(), files_.end(), [&](const PluginFile& file) {
                return file.path == refusal.path && contains(file.drivers, scheme);
            });
        if (offering != files_.end()) {
            // Say why, naming the file: the warning may have gone where this error does not
            // (the termination message of a Kubernetes Job holds only the error).
            throw ConfigError("the driver for " + single_quoted(scheme + ":") +
                              " URLs cannot be used: " + refusal.reason);
        }
    }
    std::set<std::string> schemes;
    for (const auto& file : files_) {
        schemes.insert(file.drivers.begin(), file.drivers.end());
    }
    std::string available;
    for (const auto& known : schemes) {
        available += (available.empty() ? "" : ", ") + known;
    }
    throw ConfigError("no plugin offers a driver for " + single_quoted(scheme + ":") + " URLs" +
                      (available.empty() ? std::string(" (no driver plugin was found)")
                                         : " (drivers available: " + available + ")"));
}

bool PluginHost::offers_driver(const std::string& scheme) const {
    return drivers_.count(scheme) != 0 ||
           std::any_of(files_.begin(), files_.end(),
                       [&](const PluginFile& file) { return contains(file.drivers, scheme); });
}

std::string PluginHost::declared_dialect(const std::string& scheme) const {
    if (auto found = drivers_.find(scheme); found != drivers_.end()) {
        return found->second.driver.dialect;
    }
    for (const auto& file : files_) {
        if (auto declared = file.dialects.find(scheme); declared != file.dialects.end()) {
            return declared->second;
        }
    }
    return {};
}

std::vector<std::string> PluginHost::declared_dialects() const {
    std::set<std::string> dialects;
    for (const auto& file : files_) {
        for (const auto& [scheme, dialect] : file.dialects) {
            dialects.insert(dialect);
        }
    }
    for (const auto& [scheme, entry] : drivers_) {
        if (!entry.driver.dialect.empty()) {
            dialects.insert(entry.driver.dialect);
        }
    }
    return {dialects.begin(), dialects.end()};
}

ServiceOffer PluginHost::service(const std::string& name) {
    if (services_.count(name) == 0) {
        for (const auto& file : files_) {
            if (contains(file.services, name)) {
                load(file);
            }
        }
    }
    auto found = services_.find(name);
    if (found == services_.end()) {
        return {};
    }
    return {found->second.service.get(), found->second.api_minor, found->second.path.string()};
}

void PluginHost::load_all() {
    for (const auto& file : files_) {
        load(file);
    }
}

std::vector<Check*> PluginHost::checks() const {
    std::vector<Check*> out;
    for (const CheckStage stage : {CheckStage::files, CheckStage::environment}) {
        for (const auto& entry : checks_) {
            if (entry.stage == stage) {
                out.push_back(entry.check.get());
            }
        }
    }
    return out;
}

std::vector<std::string> PluginHost::command_names() const {
    std::set<std::string> names;
    for (const auto& [name, entry] : commands_) {
        names.insert(name);
    }
    for (const auto& file : files_) {
        names.insert(file.commands.begin(), file.commands.end());
    }
    return {names.begin(), names.end()};
}

}  // namespace deckhand::plugin
