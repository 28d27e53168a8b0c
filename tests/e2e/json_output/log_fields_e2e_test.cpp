// --log-format json lines carry structured fields (event, script, version, duration_ms, phase,
// ...), so a log collector can chart a migration; and --output json keeps progress off stdout.
#include "json_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;

using LogFields = JsonOutputTest;

TEST_F(LogFields, EveryAppliedScriptIsAnEventWithItsFields) {
    migration("V1__create_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
    migration("V2__create_posts.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n");
    const auto result = run({"--log-format", "json", "migrate", "--output", "json"});
    ASSERT_EQ(result.exit_code, 0) << shown(result);

    const auto applied = events(result, "migration_applied");
    ASSERT_EQ(applied.size(), 2u) << result.err;
    const auto& first = applied[0];
    EXPECT_EQ(first["level"], "info");
    EXPECT_EQ(first["script"], "V1__create_users.sql");
    EXPECT_EQ(first["version"], "1");
    EXPECT_EQ(first["phase"], "pre");
    EXPECT_EQ(first["kind"], "versioned");
    EXPECT_TRUE(first["duration_ms"].is_number_integer()) << first.dump();
    EXPECT_TRUE(is_sha256_hex(first["checksum"])) << first.dump();
    EXPECT_THAT(first["message"].get<std::string>(), HasSubstr("applied V1__create_users.sql"));

    const auto finished = events(result, "migrate_finished");
    ASSERT_EQ(finished.size(), 1u) << result.err;
    EXPECT_EQ(finished[0]["applied"], 2);
    EXPECT_EQ(finished[0]["schema_version"], "2");
    EXPECT_TRUE(finished[0]["duration_ms"].is_number_integer());

    // stdout held the document alone, the log went to stderr.
    EXPECT_EQ(document(result)["applied"].size(), 2u);
}

TEST_F(LogFields, AFailedScriptIsAnErrorEventNamingIt) {
    migration("V1__broken.sql", "INSERT INTO nowhere VALUES (1);\n");
    const auto result = run({"--log-format", "json", "migrate"});
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    const auto failed = events(result, "migration_failed");
    ASSERT_EQ(failed.size(), 1u) << result.err;
    EXPECT_EQ(failed[0]["level"], "error");
    EXPECT_EQ(failed[0]["script"], "V1__broken.sql");
    EXPECT_EQ(failed[0]["version"], "1");
    EXPECT_TRUE(failed[0]["duration_ms"].is_number_integer());
    EXPECT_THAT(failed[0]["error"].get<std::string>(), HasSubstr("nowhere"));
    EXPECT_TRUE(result.out.empty()) << result.out;
}

TEST_F(LogFields, SeedAndValidateLogTheirEvents) {
    migration("V1__things.sql", "CREATE TABLE things (name TEXT);\n");
    work().write("migrations/seed/01_things.sql", "INSERT INTO things VALUES ('a');\n");
    const auto seeded = run({"--log-format", "json", "seed", "--migrate"});
    ASSERT_EQ(seeded.exit_code, 0) << shown(seeded);
    const auto applied = events(seeded, "seed_applied");
    ASSERT_EQ(applied.size(), 1u) << seeded.err;
    EXPECT_EQ(applied[0]["script"], "01_things.sql");
    EXPECT_TRUE(applied[0]["duration_ms"].is_number_integer());
    EXPECT_EQ(events(seeded, "seed_finished").size(), 1u);
    EXPECT_EQ(events(seeded, "migration_applied").size(), 1u);

    const auto validated = run({"--log-format", "json", "validate"});
    ASSERT_EQ(validated.exit_code, 0) << shown(validated);
    const auto done = events(validated, "validate_finished");
    ASSERT_EQ(done.size(), 1u) << validated.err;
    EXPECT_EQ(done[0]["validated"], 1);
}

TEST_F(LogFields, TextLogsShowTheMessageAlone) {
    migration("V1__create_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
    const auto result = run({"migrate"});
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("applied V1__create_users.sql in "));
    EXPECT_THAT(result.err, ::testing::Not(HasSubstr("duration_ms")));
}

}  // namespace
}  // namespace deckhand::test
