// Registering the commands folder: every good task becomes a command, and a task whose name
// another command has is refused with a warning naming both, without sinking the others.
#include "deckhand/tasks/registration.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/program_options/options_description.hpp>
#include <map>
#include <sstream>

#include "deckhand/errors.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::tasks {
namespace {

// Refuses a taken name the way the host's registry does: ConfigError naming both owners.
class RecordingRegistry final : public Registry {
  public:
    explicit RecordingRegistry(std::filesystem::path commands_dir) {
        config_.commands_dir = std::move(commands_dir);
        owners_["migrate"] = "plugins/migrate.so";
        owners_["help"] = "deckhand itself";
    }
    void add_command(std::unique_ptr<Command> command) override {
        const std::string name = command->name();
        if (auto other = owners_.find(name); other != owners_.end()) {
            throw ConfigError("command '" + name +
                              "' of plugin plugins/tasks.so clashes with the command of the "
                              "same name from " +
                              other->second);
        }
        owners_[name] = "plugins/tasks.so";
        commands[name] = std::move(command);
    }
    void add_driver(const std::string&, db::DriverFactory) override {}
    void add_check(std::unique_ptr<Check>) override {}
    const Config& config() const override { return config_; }

    std::map<std::string, std::unique_ptr<Command>> commands;

  private:
    Config config_;
    std::map<std::string, std::string> owners_;
};

class Registration : public ::testing::Test {
  protected:
    Registration()
        : sink_(std::make_shared<spdlog::sinks::ostream_sink_st>(logs_)), log_("test", sink_) {
        log_.set_level(spdlog::level::debug);
        sink_->set_pattern("%l %v");
    }
    test::TempDir dir_;
    std::ostringstream logs_;
    std::shared_ptr<spdlog::sinks::ostream_sink_st> sink_;
    spdlog::logger log_;
};

TEST_F(Registration, EveryGoodTaskAndSqlBecomeCommands) {
    dir_.write("commands/a.sql",
               "-- deckhand:command archive-posts\n-- deckhand:summary Archive\n"
               "-- deckhand:param before date required \"Cut-off day\"\nSELECT :before;\n");
    dir_.write("commands/plain.sql", "SELECT 1;\n");
    RecordingRegistry registry(dir_ / "commands");
    auto result = register_task_commands(registry, log_);
    EXPECT_EQ(result.registered, 1u);
    EXPECT_EQ(result.refused, 0u);
    ASSERT_EQ(registry.commands.count("archive-posts"), 1u);
    EXPECT_EQ(registry.commands.count("sql"), 1u);
    EXPECT_EQ(registry.commands["archive-posts"]->summary(), "Archive");
    EXPECT_NE(logs_.str().find("commands/plain.sql has no -- deckhand:command annotation"),
              std::string::npos)
        << logs_.str();
}

TEST_F(Registration, AClashingTaskIsRefusedNamingBothAndTheOthersStay) {
    dir_.write("commands/a_migrate.sql", "-- deckhand:command migrate\nSELECT 1;\n");
    dir_.write("commands/b_help.sql", "-- deckhand:command help\nSELECT 1;\n");
    dir_.write("commands/c_fine.sql", "-- deckhand:command fine\nSELECT 1;\n");
    RecordingRegistry registry(dir_ / "commands");
    auto result = register_task_commands(registry, log_);
    EXPECT_EQ(result.registered, 1u);
    EXPECT_EQ(result.refused, 2u);
    EXPECT_EQ(registry.commands.count("fine"), 1u);
    const std::string logs = logs_.str();
    EXPECT_NE(logs.find("warning task refused: "), std::string::npos) << logs;
    EXPECT_NE(logs.find("/commands/a_migrate.sql:1 defines command 'migrate', which is taken"),
              std::string::npos)
        << logs;
    EXPECT_NE(logs.find("plugins/migrate.so"), std::string::npos) << logs;
    EXPECT_NE(logs.find("commands/b_help.sql:1 defines command 'help'"), std::string::npos);
    EXPECT_NE(logs.find("deckhand itself"), std::string::npos);
}

TEST_F(Registration, AMalformedTaskIsAWarningNamingFileAndLine) {
    dir_.write("commands/bad.sql",
               "-- deckhand:command bad\n-- deckhand:param when date default=never\nSELECT "
               ":when;\n");
    RecordingRegistry registry(dir_ / "commands");
    auto result = register_task_commands(registry, log_);
    EXPECT_EQ(result.refused, 1u);
    EXPECT_EQ(result.registered, 0u);
    EXPECT_NE(
        logs_.str().find("/commands/bad.sql:2: the default of parameter 'when' expects a date"),
        std::string::npos)
        << logs_.str();
    // Its name still answers, with the reason, so `deckhand bad` is no "unknown command".
    ASSERT_EQ(registry.commands.count("bad"), 1u);
    const auto& stand_in = *registry.commands.at("bad");
    EXPECT_NE(stand_in.summary().find("refused"), std::string::npos) << stand_in.summary();
    EXPECT_NE(stand_in.description().find("bad.sql:2: the default of parameter 'when'"),
              std::string::npos)
        << stand_in.description();
}

TEST_F(Registration, TaskOptionsShowInHelpWithTheirTypes) {
    dir_.write("commands/t.sql",
               "-- deckhand:command t\n-- deckhand:param state enum(draft|live) default=draft "
               "\"Which posts\"\n-- deckhand:param before date required \"Cut-off\"\n"
               "SELECT :state, :before;\n");
    RecordingRegistry registry(dir_ / "commands");
    register_task_commands(registry, log_);
    boost::program_options::options_description options;
    registry.commands.at("t")->define_options(options);
    std::ostringstream help;
    help << options;
    EXPECT_NE(help.str().find("--state draft|live (=draft)"), std::string::npos) << help.str();
    EXPECT_NE(help.str().find("--before YYYY-MM-DD"), std::string::npos);
    EXPECT_NE(help.str().find("Cut-off (required)"), std::string::npos);
    EXPECT_NE(help.str().find("--dry-run"), std::string::npos);
}

}  // namespace
}  // namespace deckhand::tasks
