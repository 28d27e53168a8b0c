// doctor's checks against real databases: all passing on a migrated database, and each kind of
// trouble (credentials, an unreachable server, pending migrations, broken folders, a plugin's
// own check) reported as a failed line rather than an exception.
#include "deckhand/doctor/doctor.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "deckhand/check.hpp"
#include "deckhand/migrate/engine.hpp"
#include "deckhand/seed/seed_folder_check.hpp"
#include "deckhand/tasks/commands_folder_check.hpp"
#include "plugin_fixture.hpp"
#include "support/postgres_server.hpp"

namespace deckhand::test {
namespace {

using doctor::CheckState;

class FixedCheck final : public Check {
  public:
    FixedCheck(std::string name, bool ok, std::string detail, bool throws = false)
        : name_(std::move(name)), ok_(ok), detail_(std::move(detail)), throws_(throws) {}
    std::string name() const override { return name_; }
    CheckResult run(Context&) override {
        if (throws_) {
            throw std::runtime_error(detail_);
        }
        return {ok_, detail_};
    }

  private:
    std::string name_;
    bool ok_;
    std::string detail_;
    bool throws_;
};

class Doctor : public PluginTest {
  protected:
    void SetUp() override {
        PluginTest::SetUp();
        context().plugin_report.loaded.push_back(
            {"migrate", "0.1.0", "/plugins/migrate.so", {"migrate", "status"}, {}});
        context().plugin_report.loaded.push_back(
            {"tasks", "0.1.0", "/plugins/tasks.so", {"sql"}, {}});
        // The folder checks the seed and tasks plugins register, as the host hands them out.
        context().contributed_checks.push_back(seed::make_seed_folder_check());
        context().contributed_checks.push_back(tasks::make_commands_folder_check());
        copy_sample_application();
    }

    doctor::DoctorReport check() { return doctor::run_checks(context()); }

    static const doctor::CheckLine& line(const doctor::DoctorReport& report,
                                         const std::string& name) {
        for (const auto& line : report.lines) {
            if (line.name == name) {
                return line;
            }
        }
        static const doctor::CheckLine none{"(missing)", CheckState::skipped, ""};
        ADD_FAILURE() << "no check named " << name;
        return none;
    }

    void migrate_all() {
        auto connection = connect();
        auto migrations = script::load_migrations(migrations_dir(), dialect());
        migrate::MigrateOptions options;
        options.phase = script::Phase::all;
        std::ostringstream out;
        migrate::migrate(*connection, migrations, options,
                         {context().log(), out, context().cancellation()});
    }

    // This test's URL with another password (PostgreSQL) or the given URL text.
    std::string with_password(const std::string& password) {
        const auto& server = shared_postgres();
        return "postgres://" + server.user() + ":" + password +
               "@127.0.0.1:" + std::to_string(server.port()) + "/postgres";
    }
};

DECKHAND_ON_SQLITE_AND_POSTGRES(Doctor);

TEST_P(Doctor, EveryCheckPassesOnAMigratedDatabase) {
    migrate_all();
    auto report = check();
    for (const auto& line : report.lines) {
        EXPECT_EQ(line.state, CheckState::ok) << line.name << ": " << line.detail;
    }
    EXPECT_TRUE(report.ok());
    const auto& answers = line(report, "database answers");
    EXPECT_NE(answers.detail.find(on_postgres() ? "PostgreSQL 15" : "SQLite 3"), std::string::npos)
        << answers.detail;
    if (on_postgres()) {
        EXPECT_NE(answers.detail.find(" as postgres"), std::string::npos);
    }
    EXPECT_NE(line(report, "schema is current").detail.find("at version 8"), std::string::npos);
    EXPECT_NE(line(report, "commands folder parses").detail.find("3 tasks"), std::string::npos);
    EXPECT_NE(line(report, "seed folder parses").detail.find("3 seed scripts"), std::string::npos);
    EXPECT_NE(line(report, "plugins load").detail.find("2 plugins loaded"), std::string::npos);
}

TEST_P(Doctor, PendingMigrationsFailTheSchemaCheck) {
    connect();  // an empty database (for SQLite: the file exists)
    auto report = check();
    const auto& schema = line(report, "schema is current");
    EXPECT_EQ(schema.state, CheckState::failed);
    EXPECT_NE(schema.detail.find("V1__create_blog_posts.sql (pending)"), std::string::npos)
        << schema.detail;
    EXPECT_NE(schema.detail.find("run `deckhand migrate`"), std::string::npos);
    EXPECT_EQ(report.failed(), 1u);
}

TEST_P(Doctor, TheSchemaCheckReadsTheConfiguredHistoryTable) {
    migrate_all();  // into deckhand_schema_history
    context().settings().history_table = "other_app_history";
    context().settings().history_table_origin = "DECKHAND_HISTORY_TABLE";
    auto report = check();
    EXPECT_EQ(line(report, "schema is current").state, CheckState::failed);
    context().settings().history_table = "deckhand_schema_history";
    report = check();
    EXPECT_EQ(line(report, "schema is current").state, CheckState::ok);
    context().settings().history_table = "no such; table";
    report = check();
    const auto& bad = line(report, "schema is current");
    EXPECT_EQ(bad.state, CheckState::failed);
    EXPECT_NE(bad.detail.find("DECKHAND_HISTORY_TABLE 'no such; table' is not a table name"),
              std::string::npos)
        << bad.detail;
}

TEST_P(Doctor, AWrongPasswordIsAFailedCheckWithThePasswordRedacted) {
    const std::string url =
        on_postgres() ? with_password("not-the-password") : "sqlite:///no/such/folder/x.db";
    context().settings().database_url_text = url;
    auto report = check();
    const auto& answers = line(report, "database answers");
    EXPECT_EQ(answers.state, CheckState::failed);
    if (on_postgres()) {
        EXPECT_NE(answers.detail.find("password authentication failed"), std::string::npos)
            << answers.detail;
        EXPECT_EQ(answers.detail.find("not-the-password"), std::string::npos) << answers.detail;
    }
    EXPECT_EQ(line(report, "schema is current").state, CheckState::skipped);
    EXPECT_FALSE(report.ok());
}

TEST_P(Doctor, AnUnreachableServerIsAFailedCheck) {
    context().settings().database_url_text = "postgres://app:secret@127.0.0.1:1/app";
    auto report = check();
    const auto& answers = line(report, "database answers");
    EXPECT_EQ(answers.state, CheckState::failed);
    EXPECT_NE(answers.detail.find("127.0.0.1:1"), std::string::npos) << answers.detail;
    EXPECT_EQ(answers.detail.find("secret"), std::string::npos) << answers.detail;
    EXPECT_EQ(line(report, "database URL parses").state, CheckState::ok);
    EXPECT_FALSE(report.ok());
}

TEST_P(Doctor, AnUnparsableUrlFailsAndSkipsWhatNeedsIt) {
    context().settings().database_url_text = "mysql//nope";
    auto report = check();
    EXPECT_EQ(line(report, "database URL parses").state, CheckState::failed);
    EXPECT_EQ(line(report, "database answers").state, CheckState::skipped);
    EXPECT_EQ(line(report, "schema is current").state, CheckState::skipped);
}

TEST_P(Doctor, BrokenFoldersFailNamingTheFileAndLine) {
    migrate_all();
    write("migrations/V9__oops.sql", "\\i other.sql\n");  // psql's include: not for the server
    write("migrations/seed/01_x.sql", "-- deckhand:frobnicate\nSELECT 1;\n");
    write("commands/zz_bad.sql",
          "-- deckhand:command bad\n-- deckhand:param n number\nSELECT :n;\n");
    write("commands/zz_clash.sql", "-- deckhand:command status\nSELECT 1;\n");
    auto report = check();
    const auto& migrations = line(report, "migrations folder is readable and well-formed");
    EXPECT_EQ(migrations.state, CheckState::failed);
    EXPECT_NE(migrations.detail.find("V9__oops.sql"), std::string::npos) << migrations.detail;
    const auto& seeds = line(report, "seed folder parses");
    EXPECT_EQ(seeds.state, CheckState::failed);
    EXPECT_NE(seeds.detail.find("01_x.sql:1"), std::string::npos) << seeds.detail;
    const auto& commands = line(report, "commands folder parses");
    EXPECT_EQ(commands.state, CheckState::failed);
    EXPECT_NE(commands.detail.find("zz_bad.sql:2: unknown parameter type 'number'"),
              std::string::npos)
        << commands.detail;
    EXPECT_NE(commands.detail.find("zz_clash.sql:1: command 'status' is taken by plugin migrate"),
              std::string::npos)
        << commands.detail;
}

TEST_P(Doctor, PluginChecksAndRefusedPluginsAreLinesOfTheirOwn) {
    migrate_all();
    context().contributed_checks.push_back(
        std::make_unique<FixedCheck>("kubernetes configuration resolves", true, "in-cluster"));
    context().contributed_checks.push_back(std::make_unique<FixedCheck>(
        "queue answers", false, "cannot reach amqp://u:hunter2@mq:5672/"));
    context().contributed_checks.push_back(
        std::make_unique<FixedCheck>("throws", false, "boom", true));
    context().plugin_report.refused.push_back(
        {"/plugins/old.so", "plugin /plugins/old.so was built for API 0.9"});
    auto report = check();
    EXPECT_EQ(line(report, "kubernetes configuration resolves").state, CheckState::ok);
    const auto& queue = line(report, "queue answers");
    EXPECT_EQ(queue.state, CheckState::failed);
    EXPECT_EQ(queue.detail.find("hunter2"), std::string::npos) << queue.detail;
    EXPECT_EQ(line(report, "throws").state, CheckState::failed);
    EXPECT_EQ(line(report, "throws").detail, "boom");
    EXPECT_EQ(line(report, "plugin /plugins/old.so").state, CheckState::failed);
    EXPECT_EQ(report.failed(), 3u);
}

TEST_P(Doctor, TheReportPrintsOneLinePerCheckOrJson) {
    context().contributed_checks.push_back(
        std::make_unique<FixedCheck>("extra", false, "it broke"));
    migrate_all();
    auto report = check();
    std::ostringstream text;
    doctor::write_report_text(text, report);
    EXPECT_NE(text.str().find("ok    database answers: "), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("FAIL  extra: it broke\n"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("doctor: 1 of 8 checks failed\n"), std::string::npos) << text.str();
    const auto json = doctor::report_json(report);
    EXPECT_EQ(json["ok"], false);
    EXPECT_EQ(json["failed"], 1);
    EXPECT_EQ(json["checks"].size(), 8u);
    EXPECT_EQ(json["checks"][7]["status"], "fail");
    EXPECT_EQ(json["checks"][0]["status"], "ok");
}

// A SQLite URL names a file; PostgreSQL has no counterpart.
class DoctorOnSqlite : public Doctor {};
INSTANTIATE_TEST_SUITE_P(Sqlite, DoctorOnSqlite, ::testing::Values(Dialect::sqlite),
                         dialect_test_name);

TEST_P(DoctorOnSqlite, AMissingDatabaseFileIsReportedNotCreated) {
    const auto file = root() / "absent.db";
    context().settings().database_url_text = "sqlite://" + file.string();
    auto report = check();
    EXPECT_EQ(line(report, "database answers").state, CheckState::failed);
    EXPECT_NE(line(report, "database answers").detail.find("does not exist yet"),
              std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(file));
}

}  // namespace
}  // namespace deckhand::test
