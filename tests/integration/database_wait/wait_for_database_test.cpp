// --wait-for-database: migrate, seed, tasks and doctor wait for a database that comes up after
// them (a Job started with its database, or behind a proxy sidecar), fail at once on what
// waiting cannot heal, give up with exit 3, and yield to SIGTERM at once.
#include <gmock/gmock.h>

#include <csignal>
#include <thread>

#include "support/postgres_server.hpp"
#include "wait_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

class WaitForDatabase : public WaitTest {};

TEST_F(WaitForDatabase, MigrateWaitsForAServerThatStartsAfterIt) {
    PostgresServer late(PostgresServer::StartAt::later);
    const std::string redacted =
        "postgres://postgres:***@127.0.0.1:" + std::to_string(late.port()) + "/postgres";
    BackgroundProcess migrate = start(late.url(), {"--wait-for-database", "2m", "migrate"});
    ASSERT_TRUE(wait_for_output(migrate, "waiting for the database at " + redacted + ": "))
        << migrate.err();
    EXPECT_THAT(migrate.err(), HasSubstr("; retrying for up to 2m"));
    std::this_thread::sleep_for(1s);
    ASSERT_FALSE(migrate.wait_for(0ms).has_value()) << "migrate stopped waiting: " << migrate.err();

    late.start();
    auto result = migrate.wait_for(60s);
    ASSERT_TRUE(result.has_value()) << "migrate still waits for a running server";
    EXPECT_EQ(result->exit_code, 0) << shown(*result);
    EXPECT_EQ(late.psql("SELECT count(*) FROM a"), "0");
    EXPECT_THAT(result->err + result->out, Not(HasSubstr(late.password())));
}

TEST_F(WaitForDatabase, InsideKubernetesItWaitsAMinuteUntoldAndSaysSo) {
    PostgresServer late(PostgresServer::StartAt::later);
    ProcessOptions kubernetes;
    kubernetes.set_env["KUBERNETES_SERVICE_HOST"] = "10.0.0.1";
    BackgroundProcess migrate = start(late.url(), {"migrate"}, kubernetes);
    ASSERT_TRUE(wait_for_output(migrate, "; retrying for up to 1m")) << migrate.err();
    late.start();
    auto result = migrate.wait_for(60s);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->exit_code, 0) << shown(*result);
}

TEST_F(WaitForDatabase, AWrongPasswordFailsAtOnceWithTheServersSentence) {
    const auto started = Clock::now();
    auto result =
        run(url_with_password("not-the-password"), {"--wait-for-database", "2m", "migrate"});
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    EXPECT_LT(Clock::now() - started, 20s);
    EXPECT_THAT(result.err, HasSubstr("password authentication failed for user \"postgres\""));
    EXPECT_THAT(result.err, Not(HasSubstr("waiting for the database")));
    EXPECT_THAT(result.err, Not(HasSubstr("not-the-password")));
}

TEST_F(WaitForDatabase, AnUnknownDatabaseFailsAtOnce) {
    const auto started = Clock::now();
    auto result = run(url_with_password(shared_postgres().password(), "no_such_database"),
                      {"--wait-for-database", "2m", "migrate"});
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    EXPECT_LT(Clock::now() - started, 20s);
    EXPECT_THAT(result.err, HasSubstr("database \"no_such_database\" does not exist"));
}

TEST_F(WaitForDatabase, GivesUpWithExitThreeWhenTheWaitRunsOut) {
    const std::string url = refused_url();
    const auto started = Clock::now();
    auto result = run(url, {"--wait-for-database", "2s", "migrate"});
    const auto took = Clock::now() - started;
    EXPECT_EQ(result.exit_code, 3) << shown(result);
    EXPECT_GE(took, 2s);
    EXPECT_LT(took, 20s);
    EXPECT_THAT(result.err, HasSubstr("gave up waiting for the database at postgres://app:***@"));
    EXPECT_THAT(result.err, HasSubstr(" after 2s ("));
    EXPECT_THAT(result.err, HasSubstr("Connection refused"));
    EXPECT_THAT(result.err, Not(HasSubstr("s3cret-pw")));
}

TEST_F(WaitForDatabase, TheVariableSetsTheWaitAndTheFlagWins) {
    ProcessOptions variable;
    variable.set_env["DECKHAND_WAIT_FOR_DATABASE"] = "1s";
    EXPECT_EQ(run(refused_url(), {"migrate"}, variable).exit_code, 3);
    EXPECT_EQ(run(refused_url(), {"--wait-for-database", "0", "migrate"}, variable).exit_code, 1);
}

TEST_F(WaitForDatabase, WithoutItAnUnreachableDatabaseFailsAtOnceOutsideKubernetes) {
    auto result = run(refused_url(), {"migrate"});
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("Connection refused"));
    EXPECT_THAT(result.err, Not(HasSubstr("waiting for the database")));
}

TEST_F(WaitForDatabase, SigtermDuringTheWaitEndsItAtOnceWith143) {
    BackgroundProcess migrate = start(refused_url(), {"--wait-for-database", "5m", "migrate"});
    ASSERT_TRUE(wait_for_output(migrate, "waiting for the database at ")) << migrate.err();
    migrate.signal(SIGTERM);
    const auto signalled = Clock::now();
    auto result = migrate.wait_for(10s);
    ASSERT_TRUE(result.has_value()) << "still waiting after SIGTERM";
    EXPECT_EQ(result->exit_code, 143) << shown(*result);
    EXPECT_LT(Clock::now() - signalled, 3s);
}

TEST_F(WaitForDatabase, SeedTasksAndDoctorWaitToo) {
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"seed"}, std::vector<std::string>{"count-a"}}) {
        auto result = run(refused_url(), [&] {
            std::vector<std::string> args{"--wait-for-database", "1s"};
            args.insert(args.end(), command.begin(), command.end());
            return args;
        }());
        EXPECT_EQ(result.exit_code, 3) << command.front() << ": " << shown(result);
        EXPECT_THAT(result.err, HasSubstr("gave up waiting for the database at "))
            << command.front();
    }
    auto doctor = run(refused_url(), {"--wait-for-database", "1s", "doctor"});
    EXPECT_EQ(doctor.exit_code, 1) << shown(doctor);
    EXPECT_THAT(doctor.out + doctor.err, HasSubstr("gave up waiting for the database at "))
        << shown(doctor);
}

TEST_F(WaitForDatabase, DoctorFindsALateServerOnceItIsUp) {
    PostgresServer late(PostgresServer::StartAt::later);
    BackgroundProcess doctor = start(late.url(), {"--wait-for-database", "2m", "doctor"});
    ASSERT_TRUE(wait_for_output(doctor, "waiting for the database at ")) << doctor.err();
    late.start();
    auto result = doctor.wait_for(60s);
    ASSERT_TRUE(result.has_value());
    // The schema is not current (nothing migrated), so doctor fails, but on that check only.
    EXPECT_THAT(result->out + result->err, Not(HasSubstr("gave up waiting")));
    EXPECT_THAT(result->out + result->err, Not(HasSubstr("cannot connect")));
}

}  // namespace
}  // namespace deckhand::test
