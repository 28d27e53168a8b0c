// The base of the seed, tasks and doctor integration tests: one fixture, run on SQLite and on a
// real PostgreSQL. Each test gets a working folder (migrations/, commands/), its own database
// (a SQLite file, or a fresh PostgreSQL database on the suite's server), and a Context like the
// host's that opens databases through the driver libraries directly and captures output and
// logs. Commands are parsed as the host parses them, so validate_options runs before run.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "deckhand/command.hpp"
#include "deckhand/context.hpp"
#include "deckhand/service.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::test {

enum class Dialect { sqlite, postgres };

std::string dialect_test_name(const ::testing::TestParamInfo<Dialect>& info);
#define DECKHAND_ON_SQLITE_AND_POSTGRES(suite)                                                     \
    INSTANTIATE_TEST_SUITE_P(                                                                      \
        Dialects, suite,                                                                           \
        ::testing::Values(::deckhand::test::Dialect::sqlite, ::deckhand::test::Dialect::postgres), \
        ::deckhand::test::dialect_test_name)

// A Context over the driver libraries: no plugin loading, output and logs kept for the test. It
// offers the migrate engine's "migrations" service, as the host does once the migrate plugin is
// loaded.
class TestContext final : public Context {
  public:
    TestContext();
    ~TestContext() override;

    Config& settings() { return config_; }
    const Config& config() const override { return config_; }
    spdlog::logger& log() override { return *logger_; }
    std::ostream& out() override { return out_; }
    std::unique_ptr<db::Connection> open_database() override;
    std::unique_ptr<db::Connection> open_database(const DatabaseUrl& url) override;
    Cancellation& cancellation() override { return cancellation_; }
    PluginReport plugins() override { return plugin_report; }
    std::vector<Check*> checks() override;
    ServiceOffer find_service(const std::string& name) override;

    std::string output() const { return out_.str(); }
    std::string logs() const { return log_stream_->str(); }
    void clear_output();
    int databases_opened() const { return opened_; }

    // What plugins() and checks() report.
    PluginReport plugin_report;
    std::vector<std::unique_ptr<Check>> contributed_checks;

  private:
    std::unique_ptr<Service> migrations_service_;
    Config config_;
    std::ostringstream out_;
    std::shared_ptr<std::ostringstream> log_stream_;
    std::shared_ptr<spdlog::logger> logger_;
    Cancellation cancellation_;
    int opened_ = 0;
};

class PluginTest : public ::testing::TestWithParam<Dialect> {
  protected:
    void SetUp() override;

    bool on_postgres() const { return GetParam() == Dialect::postgres; }
    std::string dialect() const { return on_postgres() ? "postgres" : "sqlite"; }
    const std::string& url_text() const { return url_text_; }
    const std::filesystem::path& root() const { return dir_.path(); }
    std::filesystem::path migrations_dir() const { return dir_ / "migrations"; }
    std::filesystem::path commands_dir() const { return dir_ / "commands"; }
    TestContext& context() { return context_; }

    // Writes a file under the working folder ("commands/x.sql"); returns its full path.
    std::filesystem::path write(const std::string& relative, const std::string& text) const;
    // Copies the sample application's migrations/ and commands/ into the working folder.
    void copy_sample_application() const;

    std::unique_ptr<db::Connection> connect();
    // Runs SQL through a fresh connection.
    void exec(const std::string& sql);
    // The first column of the first row ("" for NULL or no row), through a fresh connection.
    std::string scalar(const std::string& sql);
    bool table_exists(const std::string& table);

    // A blog_posts table (id, title, body, published_at, archived) in this dialect's types.
    void create_blog_posts();

    // Parses `args` into `command` as the host does (options, positionals, notify, then
    // validate_options); throws what the host would turn into a usage error.
    static void parse(Command& command, const std::vector<std::string>& args);
    // parse, then run with this test's context.
    int run(Command& command, const std::vector<std::string>& args);

    // The real deckhand executable, in the working folder, against this test's database, with
    // HOME set to the working folder.
    ProcessResult deckhand(std::vector<std::string> args, ProcessOptions options = {});

  private:
    TempDir dir_{"deckhand-plugin-test"};
    std::string url_text_;
    TestContext context_;
};

}  // namespace deckhand::test
