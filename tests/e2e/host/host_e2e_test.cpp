// The installed host as a user meets it: plugins, help, errors and exit statuses, configuration
// precedence, redaction, JSON logs, the Kubernetes termination message.
#include <nlohmann/json.hpp>
#include <sstream>

#include "deckhand/plugin.hpp"
#include "e2e_fixture.hpp"

namespace fs = std::filesystem;
using deckhand::test::InstalledDeckhand;
using deckhand::test::ProcessOptions;
using testing::HasSubstr;
using testing::Not;

namespace {

int count_lines(const std::string& text) {
    int lines = 0;
    for (char c : text) {
        lines += c == '\n' ? 1 : 0;
    }
    return lines;
}

}  // namespace

class HostEndToEnd : public InstalledDeckhand {
  protected:
    HostEndToEnd() { add_test_plugin("greeter"); }
};

TEST_F(HostEndToEnd, PluginsListsTheInstalledDatabaseDrivers) {
    auto result = deckhand({"plugins", "--output", "json"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto listing = nlohmann::json::parse(result.out);
    std::vector<std::string> drivers;
    for (const auto& plugin : listing["plugins"]) {
        for (const auto& driver : plugin["drivers"]) {
            drivers.push_back(driver);
        }
    }
    EXPECT_THAT(drivers, testing::IsSupersetOf({"sqlite", "postgres"}));
    EXPECT_TRUE(listing["refused"].empty()) << result.out;
}

TEST_F(HostEndToEnd, PluginsShowsNameVersionFileAndCommands) {
    auto result = deckhand({"plugins"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("greeter 1.2.3"));
    EXPECT_THAT(result.out, HasSubstr("file:     " + (plugins() / "greeter.so").string()));
    EXPECT_THAT(result.out, HasSubstr("commands: greet, wait-for-signal"));
}

TEST_F(HostEndToEnd, AGarbageLibraryIsNamedInAWarningAndEverythingElseWorks) {
    work().write("plugins/garbage.so",
                 "\x7f"
                 "ELF but not really");
    auto result = deckhand({"greet", "--name", "crew"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "hello, crew\n");
    EXPECT_THAT(result.err, HasSubstr((plugins() / "garbage.so").string()));
    EXPECT_THAT(result.err, HasSubstr("skipped"));
}

TEST_F(HostEndToEnd, DeletingAPluginFileRemovesItsDriver) {
    const auto copy = work().path() / "copy";
    fs::copy(prefix(), copy, fs::copy_options::recursive);
    fs::remove(copy / "lib" / "deckhand" / "plugins" / "sqlite.so");
    const auto binary = copy / "bin" / "deckhand";
    auto listing = deckhand({"plugins"}, {}, binary);
    ASSERT_EQ(listing.exit_code, 0) << listing.err;
    EXPECT_THAT(listing.out, Not(HasSubstr("drivers:  sqlite")));
    EXPECT_THAT(listing.out, HasSubstr("drivers:  postgres"));
    auto opened = deckhand({"greet", "--open", "--database-url", "sqlite:x.db"}, {}, binary);
    EXPECT_EQ(opened.exit_code, 2);
    EXPECT_THAT(
        opened.err,
        HasSubstr("no plugin offers a driver for 'sqlite:' URLs (drivers available: postgres)"));
}

TEST_F(HostEndToEnd, AMovedInstallationFindsItsPluginsBesideItself) {
    const auto moved = work().path() / "elsewhere";
    fs::copy(prefix(), moved, fs::copy_options::recursive);
    auto result = deckhand({"plugins"}, {}, moved / "bin" / "deckhand");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out,
                HasSubstr((moved / "lib" / "deckhand" / "plugins" / "sqlite.so").string()));
}

TEST_F(HostEndToEnd, TheEmbeddedSqliteDatabaseIsOpenedThroughItsPlugin) {
    auto result = deckhand({"greet", "--open"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("connected to SQLite 3."));
    EXPECT_THAT(result.err, HasSubstr("using the embedded default sqlite:deckhand.db"));
    EXPECT_TRUE(fs::exists(work().path() / "deckhand.db"));
}

TEST_F(HostEndToEnd, HelpListsEveryCommandAndGeneratesUsageForOne) {
    auto all = deckhand({"help"});
    ASSERT_EQ(all.exit_code, 0) << all.err;
    EXPECT_THAT(all.out, HasSubstr("greet"));
    EXPECT_THAT(all.out, HasSubstr("Print a greeting (test plugin)"));
    EXPECT_THAT(all.out, HasSubstr("--database-url URL"));
    auto one = deckhand({"help", "greet"});
    ASSERT_EQ(one.exit_code, 0) << one.err;
    EXPECT_THAT(one.out, HasSubstr("Usage: deckhand greet [options] [NAME]"));
    EXPECT_THAT(one.out, HasSubstr("--times"));
    EXPECT_EQ(deckhand({"greet", "--help"}).out, one.out);
}

TEST_F(HostEndToEnd, NoCommandPrintsUsageAndExits2) {
    auto result = deckhand({});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_THAT(result.err, HasSubstr("Usage: deckhand"));
}

TEST_F(HostEndToEnd, AMistypedCommandGetsASuggestionAndExit2) {
    auto result = deckhand({"gret"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err, "deckhand: unknown command 'gret'; did you mean 'greet'?\n");
}

TEST_F(HostEndToEnd, AMistypedOptionGetsASuggestionAndExit2) {
    auto result = deckhand({"greet", "--tims", "3"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_THAT(result.err,
                HasSubstr("deckhand: greet has no option --tims; did you mean --times?"));
}

TEST_F(HostEndToEnd, BadOptionValuesAreUsageErrorsNamingTheOption) {
    auto typed = deckhand({"greet", "--times", "many"});
    EXPECT_EQ(typed.exit_code, 2);
    EXPECT_THAT(typed.err, HasSubstr("--times"));
    auto checked = deckhand({"greet", "--times", "0"});
    EXPECT_EQ(checked.exit_code, 2);
    EXPECT_THAT(checked.err, HasSubstr("--times must be at least 1"));
    EXPECT_EQ(deckhand({"greet", "a", "b"}).exit_code, 2);
}

TEST_F(HostEndToEnd, FailedWorkExits1WithOneSentenceOnStderr) {
    auto result = deckhand({"greet", "--fail"});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.err, "deckhand: greeting world failed on purpose\n");
    EXPECT_EQ(count_lines(result.err), 1);
}

TEST_F(HostEndToEnd, FlagBeatsVariableBeatsOptsFile) {
    ProcessOptions options;
    work().write("deckhand.opts", "--database-url sqlite:from-opts.db\n--times 2\n");
    auto from_opts = deckhand({"greet"}, options);
    ASSERT_EQ(from_opts.exit_code, 0) << from_opts.err;
    EXPECT_THAT(from_opts.err, HasSubstr("using sqlite:from-opts.db"));
    EXPECT_EQ(from_opts.out, "hello, world\nhello, world\n");

    options.set_env["DATABASE_URL"] = "sqlite:from-database-url.db";
    EXPECT_THAT(deckhand({"greet"}, options).err, HasSubstr("using sqlite:from-database-url.db"));
    options.set_env["DECKHAND_DATABASE_URL"] = "sqlite:from-env.db";
    EXPECT_THAT(deckhand({"greet"}, options).err, HasSubstr("using sqlite:from-env.db"));
    auto from_flag =
        deckhand({"greet", "--times", "1", "--database-url", "sqlite:from-flag.db"}, options);
    EXPECT_THAT(from_flag.err, HasSubstr("using sqlite:from-flag.db"));
    EXPECT_EQ(from_flag.out, "hello, world\n");
}

TEST_F(HostEndToEnd, PasswordsNeverReachTheOutputAtAnyLevel) {
    for (const char* level : {"trace", "debug", "info"}) {
        auto result = deckhand(
            {"--log-level", level, "greet", "--database-url", "postgres://app:hunter2@db/blog"});
        ASSERT_EQ(result.exit_code, 0) << result.err;
        EXPECT_THAT(result.err, HasSubstr("postgres://app:***@db/blog"));
        EXPECT_THAT(result.err + result.out, Not(HasSubstr("hunter2"))) << level;
    }
    auto failed =
        deckhand({"greet", "--open", "--database-url", "postgres://app:hunter2@127.0.0.1:1/blog"});
    EXPECT_NE(failed.exit_code, 0);
    EXPECT_THAT(failed.err + failed.out, Not(HasSubstr("hunter2")));
}

TEST_F(HostEndToEnd, JsonLogsAreOneObjectPerLine) {
    auto result = deckhand({"--log-format", "json", "greet"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    std::istringstream lines(result.err);
    int parsed = 0;
    for (std::string line; std::getline(lines, line);) {
        auto object = nlohmann::json::parse(line);
        EXPECT_TRUE(object.contains("time"));
        EXPECT_TRUE(object.contains("level"));
        EXPECT_TRUE(object.contains("message"));
        ++parsed;
    }
    EXPECT_GE(parsed, 1);
    auto failed = deckhand({"--log-format", "json", "greet", "--fail"});
    EXPECT_EQ(failed.exit_code, 1);
    auto error = nlohmann::json::parse(failed.err.substr(failed.err.rfind('{')));
    EXPECT_EQ(error["level"], "error");
    EXPECT_EQ(error["message"], "greeting world failed on purpose");
}

TEST_F(HostEndToEnd, InsideKubernetesAMissingUrlIsRefusedAndWrittenToTheTerminationLog) {
    ProcessOptions options;
    options.set_env["KUBERNETES_SERVICE_HOST"] = "10.96.0.1";
    options.set_env["DECKHAND_TERMINATION_LOG"] = (work().path() / "termination-log").string();
    auto result = deckhand({"greet"}, options);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_THAT(result.err,
                HasSubstr("inside Kubernetes deckhand will not fall back to a local SQLite file"));
    EXPECT_THAT(deckhand::test::read_file(work().path() / "termination-log"),
                HasSubstr("inside Kubernetes deckhand will not fall back"));
    EXPECT_FALSE(fs::exists(work().path() / "deckhand.db"));
}

TEST_F(HostEndToEnd, InProductionAMissingUrlIsRefused) {
    auto result = deckhand({"--environment", "production", "greet"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_THAT(result.err, HasSubstr("in the production environment deckhand will not fall back"));
}

TEST_F(HostEndToEnd, EnvironmentNamesCompareWithoutCase) {
    // PRODUCTION in a manifest once fell back to a local SQLite file inside the container.
    for (const char* name : {"PRODUCTION", "Production", "Prod", "PROD"}) {
        ProcessOptions options;
        options.set_env["DECKHAND_ENVIRONMENT"] = name;
        auto by_variable = deckhand({"greet"}, options);
        EXPECT_EQ(by_variable.exit_code, 2) << name << ": " << by_variable.err;
        EXPECT_THAT(by_variable.err, HasSubstr("will not fall back")) << name;
        auto by_flag = deckhand({"--environment", name, "greet"});
        EXPECT_EQ(by_flag.exit_code, 2) << name << ": " << by_flag.err;
        EXPECT_FALSE(fs::exists(work().path() / "deckhand.db")) << name;
    }
}

TEST_F(HostEndToEnd, VersionNamesTheHostAndEveryPlugin) {
    auto result = deckhand({"version"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("deckhand 0.1.0 (plugin API " +
                                      std::to_string(deckhand::plugin_api_major) + "." +
                                      std::to_string(deckhand::plugin_api_minor)));
    EXPECT_THAT(result.out, HasSubstr("greeter 1.2.3"));
    EXPECT_THAT(result.out, HasSubstr("sqlite "));
    EXPECT_EQ(deckhand({"--version"}).out, result.out);
}
