// `--output json` of migrate, validate, baseline and repair on SQLite, through the installed
// deckhand: stdout is one document (parsed here), its fields have the values and the types
// README promises, and a failed run still prints its document, with the SPEC's exit status.
#include "json_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;

using MigrateJson = JsonOutputTest;

TEST_F(MigrateJson, ListsAppliedAndSkippedScriptsWithVersionsChecksumsAndDurations) {
    migration("V1__create_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
    migration("V2__create_posts.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n");
    migration("post/V3__drop_legacy.sql", "CREATE TABLE legacy_gone (id INTEGER);\n");
    migration("R__users_view.sql",
              "DROP VIEW IF EXISTS user_ids;\nCREATE VIEW user_ids AS "
              "SELECT id FROM users;\n");

    const auto result = run({"migrate", "--output", "json"});
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    const auto report = document(result);
    expect_outcome(report, 0);
    EXPECT_EQ(report["command"], "migrate");
    EXPECT_EQ(report["phase"], "pre");
    EXPECT_EQ(report["dry_run"], false);
    EXPECT_TRUE(report["target"].is_null());
    EXPECT_TRUE(report["failed"].is_null());
    EXPECT_EQ(report["schema_version"], "2");
    EXPECT_TRUE(report["duration_ms"].is_number_integer());

    const auto& applied = report["applied"];
    ASSERT_EQ(applied.size(), 3u) << report.dump(2);
    EXPECT_EQ(applied[0]["script"], "V1__create_users.sql");
    EXPECT_EQ(applied[0]["version"], "1");
    EXPECT_EQ(applied[0]["description"], "create users");
    EXPECT_EQ(applied[0]["kind"], "versioned");
    EXPECT_EQ(applied[0]["phase"], "pre");
    EXPECT_EQ(applied[0]["transaction"], true);
    EXPECT_TRUE(is_sha256_hex(applied[0]["checksum"])) << applied[0].dump();
    EXPECT_TRUE(applied[0]["duration_ms"].is_number_integer()) << applied[0].dump();
    EXPECT_GE(applied[0]["duration_ms"].get<std::int64_t>(), 0);
    EXPECT_EQ(applied[1]["version"], "2");
    EXPECT_EQ(applied[2]["script"], "R__users_view.sql");
    EXPECT_EQ(applied[2]["kind"], "repeatable");
    EXPECT_TRUE(applied[2]["version"].is_null());

    const auto& skipped = report["skipped"];
    ASSERT_EQ(skipped.size(), 1u) << report.dump(2);
    EXPECT_EQ(skipped[0]["script"], "post/V3__drop_legacy.sql");
    EXPECT_EQ(skipped[0]["phase"], "post");
    EXPECT_THAT(skipped[0]["reason"].get<std::string>(), HasSubstr("phase post"));

    // The checksums are those status reports for the same files.
    const auto status = document(run({"status", "--output", "json"}));
    for (const auto& entry : status["migrations"]) {
        if (entry["script"] == "V1__create_users.sql") {
            EXPECT_EQ(entry["checksum"], applied[0]["checksum"]);
        }
    }

    // Nothing left: an empty list, the same schema version.
    const auto again = document(run({"migrate", "--output", "json"}));
    expect_outcome(again, 0);
    EXPECT_TRUE(again["applied"].empty());
    EXPECT_EQ(again["schema_version"], "2");
}

TEST_F(MigrateJson, AFailedRunStillPrintsItsDocumentWithTheFailedScript) {
    migration("V1__create_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
    migration("V2__broken.sql",
              "CREATE TABLE posts (id INTEGER);\nINSERT INTO nowhere VALUES (1);\n");
    migration("V3__never.sql", "CREATE TABLE never (id INTEGER);\n");

    const auto result = run({"migrate", "--output", "json"});
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    const auto report = document(result);
    expect_outcome(report, 1, "work_failed");
    EXPECT_THAT(report["error"]["message"].get<std::string>(), HasSubstr("V2__broken.sql:2"));
    ASSERT_EQ(report["applied"].size(), 1u) << report.dump(2);
    EXPECT_EQ(report["applied"][0]["script"], "V1__create_users.sql");
    ASSERT_TRUE(report["failed"].is_object()) << report.dump(2);
    EXPECT_EQ(report["failed"]["script"], "V2__broken.sql");
    EXPECT_EQ(report["failed"]["version"], "2");
    EXPECT_TRUE(report["failed"]["duration_ms"].is_number_integer());
    EXPECT_EQ(report["schema_version"], "1");
    // stderr still says why, in one sentence.
    EXPECT_THAT(result.err, HasSubstr("V2__broken.sql:2"));
}

TEST_F(MigrateJson, AConfigurationErrorIsExitTwoWithItsKind) {
    migration("V1__uses_placeholder.sql", "CREATE TABLE ${table_name} (id INTEGER);\n");
    const auto result = run({"migrate", "--output", "json"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    const auto report = document(result);
    expect_outcome(report, 2, "config");
    EXPECT_THAT(report["error"]["message"].get<std::string>(), HasSubstr("table_name"));
    EXPECT_TRUE(report["applied"].empty());
}

TEST_F(MigrateJson, StatusSaysWhetherItsCheckPassedAndPrintsADocumentWhenItCannotLook) {
    migration("V1__create_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
    ASSERT_EQ(run({"migrate"}).exit_code, 0);
    migration("V2__create_posts.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n");

    const auto pending = run({"status", "--output", "json", "--fail-on-pending"});
    EXPECT_EQ(pending.exit_code, 1) << shown(pending);
    const auto pending_report = document(pending);
    expect_outcome(pending_report, 1);
    EXPECT_EQ(pending_report["current"], false);
    EXPECT_EQ(pending_report["outstanding"], 1);

    ASSERT_EQ(run({"migrate"}).exit_code, 0);
    const auto current = document(run({"status", "--output", "json", "--fail-on-pending"}));
    expect_outcome(current, 0);
    EXPECT_EQ(current["current"], true);

    // No database to look at: still one document, with the error and its exit status.
    use_url("postgres://deckhand:s3cret@127.0.0.1:1/app?connect_timeout=2");
    const auto unreachable = run({"status", "--output", "json"});
    EXPECT_EQ(unreachable.exit_code, 1) << shown(unreachable);
    const auto failed = document(unreachable);
    expect_outcome(failed, 1, "work_failed");
    EXPECT_EQ(failed["command"], "status");
    EXPECT_EQ(failed["current"], false);
    EXPECT_THAT(failed["error"]["message"].get<std::string>(), HasSubstr("127.0.0.1:1"));
    EXPECT_EQ(unreachable.out.find("s3cret"), std::string::npos) << unreachable.out;

    // --wait that times out: exit 3, said in the document too.
    const auto waited = run({"status", "--output", "json", "--wait", "--timeout", "1s"});
    EXPECT_EQ(waited.exit_code, 3) << shown(waited);
    expect_outcome(document(waited), 3, "timed_out");
}

TEST_F(MigrateJson, ASecretPlaceholderValueQuotedByTheDatabaseIsNeverPrinted) {
    // The database's error quotes the value (as a server error quoting a statement would).
    migration("V1__grant.sql", "SELECT * FROM \"${app_password}\";\n");
    ProcessOptions options;
    options.set_env["DECKHAND_PLACEHOLDER_BILLING_TOKEN"] = "tok-from-env-77";
    options.set_env["DECKHAND_LOG_LEVEL"] = "trace";
    for (const auto& args : {std::vector<std::string>{"migrate", "--output", "json", "--set",
                                                      "app_password=hunter2-secret"},
                             std::vector<std::string>{"migrate", "--output", "json",
                                                      "--set=app_password=hunter2-secret"}}) {
        const auto result = run(args, options);
        EXPECT_EQ(result.exit_code, 1) << shown(result);
        const auto report = document(result);
        EXPECT_THAT(report["error"]["message"].get<std::string>(), HasSubstr("no such table: ***"));
        EXPECT_THAT(result.err, HasSubstr("no such table: ***"));
        EXPECT_EQ((result.out + result.err).find("hunter2-secret"), std::string::npos)
            << shown(result);
    }
    migration("V1__grant.sql", "SELECT * FROM \"${billing_token}\";\n");
    const auto from_env = run({"migrate", "--log-format", "json"}, options);
    EXPECT_EQ(from_env.exit_code, 1) << shown(from_env);
    EXPECT_EQ((from_env.out + from_env.err).find("tok-from-env-77"), std::string::npos)
        << shown(from_env);
}

TEST_F(MigrateJson, ADryRunListsWhatWouldRunAndPrintsNoSql) {
    migration("V1__create_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
    const auto result = run({"migrate", "--dry-run", "--output", "json"});
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    const auto report = document(result);
    expect_outcome(report, 0);
    EXPECT_EQ(report["dry_run"], true);
    ASSERT_EQ(report["applied"].size(), 1u);
    EXPECT_EQ(report["applied"][0]["script"], "V1__create_users.sql");
    EXPECT_TRUE(report["schema_version"].is_null());
    EXPECT_THAT(result.out, ::testing::Not(HasSubstr("CREATE TABLE")));
    // Nothing was applied.
    EXPECT_EQ(document(run({"migrate", "--output", "json"}))["applied"].size(), 1u);
}

TEST_F(MigrateJson, TargetAndSkippedAboveIt) {
    migration("V1__a.sql", "CREATE TABLE a (id INTEGER);\n");
    migration("V2__b.sql", "CREATE TABLE b (id INTEGER);\n");
    const auto report = document(run({"migrate", "--target", "1", "--output", "json"}));
    expect_outcome(report, 0);
    EXPECT_EQ(report["target"], "1");
    EXPECT_EQ(report["applied"].size(), 1u);
    ASSERT_EQ(report["skipped"].size(), 1u);
    EXPECT_EQ(report["skipped"][0]["script"], "V2__b.sql");
    EXPECT_THAT(report["skipped"][0]["reason"].get<std::string>(), HasSubstr("--target 1"));
}

TEST_F(MigrateJson, ABadOutputValueIsAUsageError) {
    const auto result = run({"migrate", "--output", "yaml"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_THAT(result.err, HasSubstr("--output expects text or json, not 'yaml'"));
}

TEST_F(MigrateJson, ValidateReportsItsProblemsAndTheValidatedCount) {
    migration("V1__a.sql", "CREATE TABLE a (id INTEGER);\n");
    migration("V2__b.sql", "CREATE TABLE b (id INTEGER);\n");
    ASSERT_EQ(run({"migrate"}).exit_code, 0);

    const auto good = run({"validate", "--output", "json"});
    ASSERT_EQ(good.exit_code, 0) << shown(good);
    const auto valid = document(good);
    expect_outcome(valid, 0);
    EXPECT_EQ(valid["command"], "validate");
    EXPECT_EQ(valid["valid"], true);
    EXPECT_EQ(valid["validated"], 2);
    EXPECT_TRUE(valid["validated"].is_number_integer());
    EXPECT_TRUE(valid["problems"].empty());
    EXPECT_EQ(valid["schema_version"], "2");

    migration("V2__b.sql", "CREATE TABLE b (id INTEGER, edited INTEGER);\n");
    const auto bad = run({"validate", "--output", "json"});
    EXPECT_EQ(bad.exit_code, 1) << shown(bad);
    const auto invalid = document(bad);
    expect_outcome(invalid, 1, "work_failed");
    EXPECT_EQ(invalid["valid"], false);
    ASSERT_EQ(invalid["problems"].size(), 1u) << invalid.dump(2);
    EXPECT_THAT(invalid["problems"][0].get<std::string>(), HasSubstr("V2__b.sql"));
}

TEST_F(MigrateJson, BaselineReportsTheRowsItWrote) {
    migration("V1__a.sql", "CREATE TABLE a (id INTEGER);\n");
    migration("V2__b.sql", "CREATE TABLE b (id INTEGER);\n");
    migration("V3__c.sql", "CREATE TABLE c (id INTEGER);\n");
    const auto result = run({"baseline", "--version", "2", "--output", "json"});
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    const auto report = document(result);
    expect_outcome(report, 0);
    EXPECT_EQ(report["command"], "baseline");
    EXPECT_EQ(report["version"], "2");
    EXPECT_TRUE(report["from"].is_null());
    EXPECT_EQ(report["rows"], 2);
    ASSERT_EQ(report["written"].size(), 2u);
    EXPECT_EQ(report["written"][0]["script"], "V1__a.sql");
    EXPECT_EQ(report["written"][0]["version"], "1");
    EXPECT_TRUE(is_sha256_hex(report["written"][0]["checksum"]));
    EXPECT_EQ(report["schema_version"], "2");

    // A second baseline is refused: exit 1, and the document says so.
    const auto refused = run({"baseline", "--version", "2", "--output", "json"});
    EXPECT_EQ(refused.exit_code, 1);
    const auto again = document(refused);
    expect_outcome(again, 1, "work_failed");
    EXPECT_EQ(again["rows"], 0);
}

TEST_F(MigrateJson, RepairListsTheRealignedScripts) {
    migration("V1__a.sql", "CREATE TABLE a (id INTEGER);\n");
    ASSERT_EQ(run({"migrate"}).exit_code, 0);
    migration("V1__a.sql", "CREATE TABLE a (id INTEGER); -- reviewed\n");
    const auto result = run({"repair", "--output", "json"});
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    const auto report = document(result);
    expect_outcome(report, 0);
    EXPECT_EQ(report["command"], "repair");
    EXPECT_EQ(report["realigned"], nlohmann::json::array({"V1__a.sql"}));
    EXPECT_TRUE(report["removed"].empty());
}

}  // namespace
}  // namespace deckhand::test
