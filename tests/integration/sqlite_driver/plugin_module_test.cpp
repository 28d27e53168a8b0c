// The built sqlite.so module: its descriptor, and that registering it offers a working driver
// for sqlite: URLs. Loading the module is what is under test here, so this one test dlopens.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <map>

#include "deckhand/plugin.hpp"
#include "sqlite_test_support.hpp"

namespace deckhand::test {
namespace {

// Records what a plugin registers.
class RecordingRegistry : public Registry {
  public:
    void add_command(std::unique_ptr<Command> command) override {
        commands.push_back(std::move(command));
    }
    void add_driver(const std::string& scheme, db::DriverFactory factory) override {
        drivers.emplace(scheme, std::move(factory));
    }
    void add_check(std::unique_ptr<Check> check) override { checks.push_back(std::move(check)); }
    const Config& config() const override { return config_; }

    std::vector<std::unique_ptr<Command>> commands;
    std::vector<std::unique_ptr<Check>> checks;
    std::map<std::string, db::DriverFactory> drivers;

  private:
    Config config_;
};

// dlopen()ed for the scope; everything the module created must be gone before it closes.
class LoadedModule {
  public:
    explicit LoadedModule(const char* path) : handle_(dlopen(path, RTLD_NOW | RTLD_LOCAL)) {}
    ~LoadedModule() {
        if (handle_ != nullptr) {
            dlclose(handle_);
        }
    }
    LoadedModule(const LoadedModule&) = delete;
    LoadedModule& operator=(const LoadedModule&) = delete;

    void* handle() const { return handle_; }
    // Boost.DLL exports each alias as a pointer to the aliased object.
    const PluginDescriptor* descriptor(const char* symbol) const {
        auto* alias = static_cast<const void* const*>(dlsym(handle_, symbol));
        return alias == nullptr ? nullptr : static_cast<const PluginDescriptor*>(*alias);
    }

  private:
    void* handle_;
};

TEST(SqlitePluginModule, DescribesItselfForThisHostsApiAndAbi) {
    LoadedModule module(DECKHAND_SQLITE_PLUGIN_FILE);
    ASSERT_NE(module.handle(), nullptr) << dlerror();
    const PluginDescriptor* descriptor = module.descriptor(plugin_descriptor_symbol);
    ASSERT_NE(descriptor, nullptr);
    EXPECT_STREQ(descriptor->name, "sqlite");
    EXPECT_STREQ(descriptor->version, DECKHAND_TEST_PROJECT_VERSION);
    EXPECT_EQ(descriptor->api_major, plugin_api_major);
    EXPECT_EQ(descriptor->api_minor, plugin_api_minor);
    EXPECT_STREQ(descriptor->abi_tag, DECKHAND_ABI_TAG);
    // The host learns which driver the file offers from this name alone, without loading it.
    EXPECT_EQ(module.descriptor("deckhand_driver_sqlite"), descriptor);
}

TEST(SqlitePluginModule, RegistersAWorkingDriverForSqliteUrlsAndNoCommands) {
    LoadedModule module(DECKHAND_SQLITE_PLUGIN_FILE);
    ASSERT_NE(module.handle(), nullptr) << dlerror();
    const PluginDescriptor* descriptor = module.descriptor(plugin_descriptor_symbol);
    ASSERT_NE(descriptor, nullptr);
    {
        RecordingRegistry registry;
        descriptor->register_plugin(registry);
        EXPECT_TRUE(registry.commands.empty());
        ASSERT_EQ(registry.drivers.size(), 1u);
        ASSERT_EQ(registry.drivers.count("sqlite"), 1u);
        auto connection = registry.drivers.at("sqlite")(
            parse_database_url("sqlite::memory:", "the test"), db::ConnectOptions{});
        EXPECT_EQ(single_value(*connection, "SELECT 6 * 7"), "42");
    }
}

}  // namespace
}  // namespace deckhand::test
