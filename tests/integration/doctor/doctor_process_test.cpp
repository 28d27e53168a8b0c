// The deckhand executable running doctor as a user does: exit 0 when everything is fine, exit 1
// with a FAIL line (never a stack trace, never the password) for a wrong password or a server
// that is not there.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "plugin_fixture.hpp"
#include "support/postgres_server.hpp"

namespace deckhand::test {
namespace {

std::string shown(const ProcessResult& result) {
    return "exit " + std::to_string(result.exit_code) + "\nstdout:\n" + result.out + "\nstderr:\n" +
           result.err;
}

class DoctorProcess : public PluginTest {};

DECKHAND_ON_SQLITE_AND_POSTGRES(DoctorProcess);

TEST_P(DoctorProcess, AMigratedSampleApplicationPassesEveryCheck) {
    copy_sample_application();
    connect();  // an empty database (for SQLite: the file exists)
    auto pending = deckhand({"doctor"});
    EXPECT_EQ(pending.exit_code, 1) << shown(pending);
    EXPECT_NE(pending.out.find("FAIL  schema is current: "), std::string::npos) << shown(pending);

    ASSERT_EQ(deckhand({"migrate"}).exit_code, 0);
    auto healthy = deckhand({"doctor"});
    EXPECT_EQ(healthy.exit_code, 0) << shown(healthy);
    EXPECT_NE(healthy.out.find("ok    plugins load: "), std::string::npos) << healthy.out;
    EXPECT_NE(healthy.out.find("tasks 0.1.0"), std::string::npos) << healthy.out;
    EXPECT_NE(healthy.out.find("ok    database answers: "), std::string::npos) << healthy.out;
    EXPECT_NE(healthy.out.find("ok    schema is current: at version 8"), std::string::npos)
        << healthy.out;
    EXPECT_NE(healthy.out.find("1 post-deployment migration still to run"), std::string::npos)
        << healthy.out;
    EXPECT_NE(healthy.out.find("ok    commands folder parses: commands: 3 tasks"),
              std::string::npos)
        << healthy.out;
    EXPECT_NE(healthy.out.find("doctor: all "), std::string::npos) << healthy.out;

    auto json = deckhand({"doctor", "--output", "json"});
    EXPECT_EQ(json.exit_code, 0) << shown(json);
    const auto parsed = nlohmann::json::parse(json.out);
    EXPECT_EQ(parsed["ok"], true);
    EXPECT_GE(parsed["checks"].size(), 7u);
}

TEST(DoctorProcessPostgres, AWrongPasswordIsAFailedCheckAndExitOne) {
    PostgresServer& server = shared_postgres();
    TempDir dir;
    std::filesystem::create_directories(dir / "migrations");
    ProcessOptions options;
    options.working_dir = dir.path();
    const std::string url = "postgres://" + server.user() +
                            ":wrong-password@127.0.0.1:" + std::to_string(server.port()) +
                            "/postgres";
    auto result = run_deckhand({"--database-url", url, "doctor"}, options);
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    EXPECT_NE(result.out.find("FAIL  database answers: "), std::string::npos) << shown(result);
    EXPECT_NE(result.out.find("password authentication failed"), std::string::npos)
        << shown(result);
    EXPECT_EQ(result.out.find("wrong-password"), std::string::npos) << shown(result);
    EXPECT_EQ(result.err.find("wrong-password"), std::string::npos) << shown(result);
    EXPECT_NE(result.out.find("skip  schema is current"), std::string::npos) << shown(result);
}

TEST(DoctorProcessPostgres, AnUnreachableHostIsAFailedCheckAndExitOne) {
    TempDir dir;
    ProcessOptions options;
    options.working_dir = dir.path();
    auto result = run_deckhand(
        {"--database-url", "postgres://app:s3cret@127.0.0.1:1/app", "doctor", "--output", "json"},
        options);
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    const auto parsed = nlohmann::json::parse(result.out);
    EXPECT_EQ(parsed["ok"], false);
    bool found = false;
    for (const auto& check : parsed["checks"]) {
        if (check["name"] == "database answers") {
            found = true;
            EXPECT_EQ(check["status"], "fail");
            EXPECT_NE(check["detail"].get<std::string>().find("127.0.0.1:1"), std::string::npos);
        }
    }
    EXPECT_TRUE(found) << result.out;
    EXPECT_EQ(result.out.find("s3cret"), std::string::npos);
    // The migrations folder is missing here too: that is a failed line as well, not an error.
    EXPECT_NE(result.out.find("migrations folder"), std::string::npos);
}

}  // namespace
}  // namespace deckhand::test
