// The plugin loader: what it learns without loading, what it loads, and each way it refuses a
// file while the other plugins keep working. Uses the plugins of tests/plugins.
#include "plugin/plugin_host.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <fstream>

#include "deckhand/database_url.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/plugin.hpp"
#include "echo_service.hpp"
#include "support/temp_dir.hpp"

using deckhand::plugin::PluginHost;
namespace fs = std::filesystem;

namespace {

fs::path built_plugin(const std::string& name) {
    return fs::path(DECKHAND_TEST_PLUGIN_ROOT) / name / (name + ".so");
}

class PluginHostTest : public ::testing::Test {
  protected:
    PluginHostTest() : log_("test", std::make_shared<spdlog::sinks::null_sink_mt>()) {
        fs::permissions(folder(), fs::perms(0755));
    }

    fs::path folder() const { return dir_.path(); }

    void add(const std::string& name) {
        fs::copy_file(built_plugin(name), folder() / (name + ".so"));
    }

    std::unique_ptr<PluginHost> host(std::vector<fs::path> folders = {}) {
        if (folders.empty()) {
            folders.push_back(folder());
        }
        return std::make_unique<PluginHost>(folders, config_, log_);
    }

    static std::string reasons(const PluginHost& host) {
        std::string all;
        for (const auto& refusal : host.refusals()) {
            all += refusal.reason + "\n";
        }
        return all;
    }

    deckhand::test::TempDir dir_{"deckhand-plugins"};
    deckhand::Config config_;
    spdlog::logger log_;
};

}  // namespace

TEST_F(PluginHostTest, LearnsCommandsFromDiskWithoutLoading) {
    add("greeter");
    auto plugins = host();
    ASSERT_EQ(plugins->files().size(), 1u);
    EXPECT_EQ(plugins->files()[0].commands, (std::vector<std::string>{"greet", "wait-for-signal"}));
    EXPECT_TRUE(plugins->loaded().empty());
    EXPECT_TRUE(plugins->refusals().empty()) << reasons(*plugins);
}

TEST_F(PluginHostTest, FindingACommandLoadsOnlyThePluginThatOffersIt) {
    add("greeter");
    add("unregistered_offer");
    auto plugins = host();
    ASSERT_NE(plugins->find_command("greet"), nullptr);
    ASSERT_EQ(plugins->loaded().size(), 1u);
    EXPECT_EQ(plugins->loaded()[0].name, "greeter");
    EXPECT_EQ(plugins->loaded()[0].version, "1.2.3");
}

TEST_F(PluginHostTest, AFileThatIsNotAPluginIsRefusedNamingIt) {
    add("not_a_plugin");
    add("greeter");
    auto plugins = host();
    ASSERT_EQ(plugins->refusals().size(), 1u);
    EXPECT_NE(reasons(*plugins).find("not_a_plugin.so is not a deckhand plugin"), std::string::npos)
        << reasons(*plugins);
    EXPECT_NE(plugins->find_command("greet"), nullptr);
}

TEST_F(PluginHostTest, GarbageIsRefusedAndTheOthersStillWork) {
    dir_.write("garbage.so", std::string(4096, '\x7f') + "this is not a library");
    dir_.write("empty.so", "");
    add("greeter");
    auto plugins = host();
    EXPECT_EQ(plugins->refusals().size(), 2u) << reasons(*plugins);
    EXPECT_NE(reasons(*plugins).find("garbage.so is not a shared library"), std::string::npos)
        << reasons(*plugins);
    EXPECT_NE(reasons(*plugins).find("empty.so is empty"), std::string::npos) << reasons(*plugins);
    EXPECT_NE(plugins->find_command("greet"), nullptr);
}

TEST_F(PluginHostTest, TruncatedPluginsAreRefusedWithoutCrashing) {
    std::ifstream in(built_plugin("greeter"), std::ios::binary);
    std::string image((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (std::size_t size : {std::size_t{20}, std::size_t{64}, std::size_t{200}, image.size() / 3,
                             image.size() - 100}) {
        deckhand::test::TempDir truncated_dir("deckhand-truncated");
        fs::permissions(truncated_dir.path(), fs::perms(0755));
        truncated_dir.write("greeter.so", image.substr(0, size));
        auto plugins = std::make_unique<PluginHost>(std::vector<fs::path>{truncated_dir.path()},
                                                    config_, log_);
        // Either refused while reading, or (if the section survived) refused when loading.
        if (plugins->refusals().empty()) {
            EXPECT_EQ(plugins->find_command("greet"), nullptr) << "size " << size;
        }
        EXPECT_FALSE(plugins->refusals().empty()) << "size " << size;
    }
}

TEST_F(PluginHostTest, AnotherApiMajorIsRefusedNamingBothVersions) {
    add("future_api");
    auto plugins = host();
    ASSERT_EQ(plugins->refusals().size(), 1u);
    const auto why = reasons(*plugins);
    EXPECT_NE(why.find("future_api.so was built for plugin API 2.0"), std::string::npos) << why;
    EXPECT_NE(why.find("speaks API 1." + std::to_string(deckhand::plugin_api_minor)),
              std::string::npos)
        << why;
    EXPECT_NE(why.find("deckhand_api_1_*"), std::string::npos) << why;
}

TEST_F(PluginHostTest, AnotherAbiIsRefusedNamingBothTags) {
    add("foreign_abi");
    auto plugins = host();
    ASSERT_EQ(plugins->refusals().size(), 1u);
    const auto why = reasons(*plugins);
    EXPECT_NE(why.find("deckhand_abi_msvc19_boost108800"), std::string::npos) << why;
    EXPECT_NE(why.find("expected deckhand_abi_"), std::string::npos) << why;
}

TEST_F(PluginHostTest, ARegistrationThatThrowsLeavesNothingBehind) {
    add("throwing_registration");
    add("greeter");
    auto plugins = host();
    EXPECT_EQ(plugins->find_command("half"), nullptr);
    EXPECT_NE(reasons(*plugins).find("failed to register: the plugin's configuration is missing"),
              std::string::npos)
        << reasons(*plugins);
    EXPECT_EQ(plugins->commands().count("half"), 0u);
    EXPECT_NE(plugins->find_command("greet"), nullptr);
}

TEST_F(PluginHostTest, TwoPluginsOfferingOneCommandTheSecondIsRefusedNamingBoth) {
    add("greeter");
    add("greeter_clash");
    auto plugins = host();
    ASSERT_EQ(plugins->refusals().size(), 1u);
    const auto why = reasons(*plugins);
    EXPECT_NE(why.find("greeter_clash.so offers command 'greet'"), std::string::npos) << why;
    EXPECT_NE(why.find((folder() / "greeter.so").string()), std::string::npos) << why;
    plugins->load_all();
    EXPECT_EQ(plugins->loaded().size(), 1u);
}

TEST_F(PluginHostTest, APluginThatOffersACommandItNeverRegistersIsRefused) {
    add("unregistered_offer");
    auto plugins = host();
    EXPECT_EQ(plugins->find_command("phantom"), nullptr);
    EXPECT_NE(reasons(*plugins).find("offers command 'phantom' but did not register it"),
              std::string::npos)
        << reasons(*plugins);
}

TEST_F(PluginHostTest, AServiceIsLearnedFromDiskAndItsPluginLoadedWhenAsked) {
    add("greeter");
    add("echo_service");
    auto plugins = host();
    ASSERT_EQ(plugins->files().size(), 2u);
    EXPECT_EQ(plugins->files()[0].services, (std::vector<std::string>{"echo"}));
    EXPECT_TRUE(plugins->loaded().empty());

    const deckhand::ServiceOffer offer = plugins->service("echo");
    ASSERT_NE(offer.service, nullptr);
    EXPECT_EQ(offer.api_minor, deckhand::plugin_api_minor);
    EXPECT_EQ(offer.plugin_file, (folder() / "echo_service.so").string());
    ASSERT_EQ(plugins->loaded().size(), 1u);  // not the greeter
    EXPECT_EQ(plugins->loaded()[0].name, "echo");
    EXPECT_EQ(static_cast<deckhand::test::EchoService&>(*offer.service).echo("ahoy"), "ahoy");
    // Asked again, the same object, and nothing more loaded.
    EXPECT_EQ(plugins->service("echo").service, offer.service);
    EXPECT_EQ(plugins->loaded().size(), 1u);
}

TEST_F(PluginHostTest, AServiceNoPluginOffersIsAnEmptyOffer) {
    add("greeter");
    auto plugins = host();
    const deckhand::ServiceOffer offer = plugins->service("migrations");
    EXPECT_EQ(offer.service, nullptr);
    EXPECT_TRUE(offer.plugin_file.empty());
    EXPECT_TRUE(plugins->loaded().empty());
}

TEST_F(PluginHostTest, TwoPluginsOfferingOneServiceTheSecondIsRefusedNamingBoth) {
    add("echo_service");
    add("echo_service_clash");
    auto plugins = host();
    ASSERT_EQ(plugins->refusals().size(), 1u);
    const auto why = reasons(*plugins);
    EXPECT_NE(why.find("echo_service_clash.so offers service 'echo', which plugin " +
                       (folder() / "echo_service.so").string() + " already offers"),
              std::string::npos)
        << why;
    EXPECT_NE(plugins->service("echo").service, nullptr);
}

TEST_F(PluginHostTest, AFolderOthersCanWriteToIsRefusedWhole) {
    add("greeter");
    fs::permissions(folder(), fs::perms(0777));
    auto plugins = host();
    ASSERT_EQ(plugins->refusals().size(), 1u);
    EXPECT_NE(reasons(*plugins).find("users other than its owner can write to it (mode 0777)"),
              std::string::npos)
        << reasons(*plugins);
    EXPECT_EQ(plugins->find_command("greet"), nullptr);
}

TEST_F(PluginHostTest, AFileOthersCanWriteToIsRefusedAlone) {
    add("greeter");
    add("not_a_plugin");
    fs::permissions(folder() / "greeter.so", fs::perms(0666));
    auto plugins = host();
    EXPECT_NE(reasons(*plugins).find("file " + (folder() / "greeter.so").string()),
              std::string::npos)
        << reasons(*plugins);
    EXPECT_EQ(plugins->find_command("greet"), nullptr);
}

TEST_F(PluginHostTest, AnEarlierFolderShadowsAPluginOfTheSameFileName) {
    deckhand::test::TempDir first("deckhand-first");
    fs::permissions(first.path(), fs::perms(0755));
    fs::copy_file(built_plugin("greeter"), first.path() / "greeter.so");
    add("greeter");
    auto plugins = host({first.path(), folder()});
    EXPECT_TRUE(plugins->refusals().empty()) << reasons(*plugins);
    ASSERT_NE(plugins->find_command("greet"), nullptr);
    EXPECT_EQ(plugins->loaded()[0].path, first.path() / "greeter.so");
}

TEST_F(PluginHostTest, AnUnknownDriverSchemeIsAConfigurationError) {
    add("greeter");
    auto plugins = host();
    try {
        plugins->driver("mysql");
        FAIL();
    } catch (const deckhand::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("no plugin offers a driver for 'mysql:'"),
                  std::string::npos)
            << e.what();
    }
}

TEST(KebabCase, AcceptsOnlyLowercaseWordsJoinedByHyphens) {
    EXPECT_TRUE(deckhand::plugin::is_kebab_case("wait-for-job"));
    EXPECT_TRUE(deckhand::plugin::is_kebab_case("migrate2"));
    for (const char* bad : {"", "Migrate", "wait_for_job", "-x", "x-", "a--b", "9lives"}) {
        EXPECT_FALSE(deckhand::plugin::is_kebab_case(bad)) << bad;
    }
}

TEST_F(PluginHostTest, LearnsADriversDialectFromTheFileWithoutLoading) {
    add("lite_driver");
    add("greeter");
    auto plugins = host();
    EXPECT_TRUE(plugins->refusals().empty()) << reasons(*plugins);
    EXPECT_EQ(plugins->declared_dialect("lite"), "sqlite");
    EXPECT_EQ(plugins->declared_dialect("greet"), "");
    EXPECT_EQ(plugins->declared_dialects(), std::vector<std::string>{"sqlite"});
    EXPECT_TRUE(plugins->offers_driver("lite"));
    EXPECT_FALSE(plugins->offers_driver("sqlite"));
    EXPECT_TRUE(plugins->loaded().empty());
    // Loaded, the driver says the same, and checks its URLs without connecting.
    const auto& driver = plugins->database_driver("lite");
    EXPECT_EQ(driver.dialect, "sqlite");
    ASSERT_TRUE(driver.check);
    EXPECT_THROW(driver.check(deckhand::parse_database_url("lite:", "--database-url")),
                 deckhand::ConfigError);
    EXPECT_EQ(plugins->driver_file("lite"), folder() / "lite_driver.so");
}

TEST_F(PluginHostTest, ADriverRegisteredWithAnotherDialectThanItsFileDeclaresIsRefused) {
    add("dialect_liar");
    add("lite_driver");
    auto plugins = host();
    EXPECT_TRUE(plugins->refusals().empty()) << reasons(*plugins);
    const std::string file = (folder() / "dialect_liar.so").string();
    try {
        plugins->database_driver("liar");
        ADD_FAILURE() << "the liar's driver was handed out";
    } catch (const deckhand::ConfigError& error) {
        const std::string why = error.what();
        EXPECT_NE(why.find("the driver for 'liar:' URLs cannot be used: plugin " + file +
                           " failed to register: its driver for 'liar:' URLs has dialect "
                           "'postgres', but its file declares 'sqlite'"),
                  std::string::npos)
            << why;
        EXPECT_NE(why.find("DECKHAND_PLUGIN_DATABASE_DRIVER(liar, postgres)"), std::string::npos)
            << why;
    }
    ASSERT_EQ(plugins->refusals().size(), 1u);
    EXPECT_EQ(plugins->refusals()[0].path, folder() / "dialect_liar.so");
    // Asked again, the same answer (the file is not loaded twice), and the other driver works.
    EXPECT_THROW(plugins->database_driver("liar"), deckhand::ConfigError);
    EXPECT_EQ(plugins->refusals().size(), 1u);
    EXPECT_EQ(plugins->database_driver("lite").dialect, "sqlite");
}

TEST_F(PluginHostTest, ADialectDeclaredForNoDriverIsRefusedBeforeLoading) {
    add("orphan_dialect");
    add("greeter");
    auto plugins = host();
    ASSERT_EQ(plugins->refusals().size(), 1u);
    const auto why = reasons(*plugins);
    EXPECT_NE(why.find("orphan_dialect.so declares dialect 'sqlite' for 'ghost:' URLs but offers "
                       "no driver for them"),
              std::string::npos)
        << why;
    EXPECT_EQ(plugins->declared_dialect("ghost"), "");
    EXPECT_TRUE(plugins->declared_dialects().empty());
    EXPECT_NE(plugins->find_command("greet"), nullptr);
}

TEST_F(PluginHostTest, ADriverOfPluginApi14DeclaresNoDialectAndStillLoads) {
    add("legacy_driver");
    auto plugins = host();
    EXPECT_TRUE(plugins->refusals().empty()) << reasons(*plugins);
    ASSERT_EQ(plugins->files().size(), 1u);
    EXPECT_EQ(plugins->files()[0].api_minor, 4u);
    EXPECT_TRUE(plugins->files()[0].dialects.empty());
    EXPECT_EQ(plugins->declared_dialect("oldlite"), "");
    EXPECT_TRUE(plugins->declared_dialects().empty());
    const auto& driver = plugins->database_driver("oldlite");
    EXPECT_EQ(driver.dialect, "");
    EXPECT_FALSE(driver.check);
    EXPECT_EQ(plugins->driver_api_minor("oldlite"), 4u);
}

TEST_F(PluginHostTest, TwoDriversForOneSchemeTheSecondIsRefusedNamingBoth) {
    // lite_driver and a copy of it under another file name both offer lite:.
    add("lite_driver");
    fs::copy_file(built_plugin("lite_driver"), folder() / "lite_driver_copy.so");
    auto plugins = host();
    ASSERT_EQ(plugins->refusals().size(), 1u);
    const auto why = reasons(*plugins);
    EXPECT_NE(why.find("offers a driver for 'lite', which plugin"), std::string::npos) << why;
    EXPECT_EQ(plugins->database_driver("lite").dialect, "sqlite");
}
