// `--output json` of seed, doctor, a task and `sql` on SQLite through the installed deckhand:
// one document on stdout with the values in their JSON types (numbers as numbers, NULL as null,
// booleans as booleans), also when the command fails.
#include "json_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;

class CommandsJson : public JsonOutputTest {
  protected:
    CommandsJson() {
        migration("V1__things.sql",
                  "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT, weight REAL, "
                  "active BOOLEAN NOT NULL DEFAULT 0, note TEXT);\n");
    }
};

TEST_F(CommandsJson, SeedReportsEachScriptWithItsChecksumAndDuration) {
    ASSERT_EQ(run({"migrate"}).exit_code, 0);
    work().write("migrations/seed/01_things.sql", "INSERT INTO things (name) VALUES ('a');\n");
    work().write("migrations/seed/02_more.sql", "INSERT INTO things (name) VALUES ('b');\n");

    const auto result = run({"seed", "--output", "json"});
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    const auto report = document(result);
    expect_outcome(report, 0);
    EXPECT_EQ(report["command"], "seed");
    EXPECT_EQ(report["dry_run"], false);
    ASSERT_EQ(report["applied"].size(), 2u) << report.dump(2);
    EXPECT_EQ(report["applied"][0]["script"], "01_things.sql");
    EXPECT_EQ(report["applied"][0]["changed"], false);
    EXPECT_TRUE(is_sha256_hex(report["applied"][0]["checksum"]));
    EXPECT_TRUE(report["applied"][0]["duration_ms"].is_number_integer());
    EXPECT_EQ(report["unchanged"], 0);
    EXPECT_TRUE(report["failed"].is_null());
    EXPECT_TRUE(report["migrated"].is_null());

    work().write("migrations/seed/02_more.sql", "INSERT INTO things (name) VALUES ('c');\n");
    work().write("migrations/seed/03_broken.sql", "INSERT INTO nowhere VALUES (1);\n");
    const auto failed = run({"seed", "--output", "json"});
    EXPECT_EQ(failed.exit_code, 1) << shown(failed);
    const auto partial = document(failed);
    expect_outcome(partial, 1, "work_failed");
    ASSERT_EQ(partial["applied"].size(), 1u) << partial.dump(2);
    EXPECT_EQ(partial["applied"][0]["script"], "02_more.sql");
    EXPECT_EQ(partial["applied"][0]["changed"], true);
    EXPECT_EQ(partial["failed"]["script"], "03_broken.sql");
    EXPECT_EQ(partial["unchanged"], 1);
}

TEST_F(CommandsJson, SeedWithMigrateCarriesMigratesReport) {
    work().write("migrations/seed/01_things.sql", "INSERT INTO things (name) VALUES ('a');\n");
    const auto report = document(run({"seed", "--migrate", "--output", "json"}));
    expect_outcome(report, 0);
    ASSERT_TRUE(report["migrated"].is_object()) << report.dump(2);
    EXPECT_EQ(report["migrated"]["applied"][0]["script"], "V1__things.sql");
    EXPECT_EQ(report["migrated"]["schema_version"], "1");
}

TEST_F(CommandsJson, DoctorGivesEachCheckADurationAndTheSchemaVersion) {
    ASSERT_EQ(run({"migrate"}).exit_code, 0);
    const auto result = run({"doctor", "--output", "json"});
    const auto report = document(result);
    EXPECT_EQ(report["command"], "doctor");
    EXPECT_EQ(report["schema_version"], "1");
    ASSERT_FALSE(report["checks"].empty());
    for (const auto& check : report["checks"]) {
        EXPECT_TRUE(check["duration_ms"].is_number_integer()) << check.dump();
        EXPECT_TRUE(check["status"] == "ok" || check["status"] == "fail" ||
                    check["status"] == "skip")
            << check.dump();
    }
    EXPECT_TRUE(report["failed"].is_number_integer());
    EXPECT_TRUE(report["passed"].is_number_integer());
    // Its exit status is the document's.
    expect_outcome(report, result.exit_code);
    EXPECT_EQ(result.exit_code, report["failed"].get<int>() == 0 ? 0 : 1) << shown(result);
}

TEST_F(CommandsJson, DoctorFailsWithItsDocument) {
    const auto result = run({"doctor", "--output", "json"});  // no database file yet
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    const auto report = document(result);
    expect_outcome(report, 1);
    EXPECT_GE(report["failed"].get<int>(), 1);
    EXPECT_TRUE(report["schema_version"].is_null());
}

TEST_F(CommandsJson, SqlPrintsNumbersAsNumbersNullAsNullAndBooleansAsBooleans) {
    ASSERT_EQ(run({"migrate"}).exit_code, 0);
    work().write("q.sql",
                 "INSERT INTO things (name, weight, active) VALUES ('one', 1.5, 1), "
                 "('two', 2, 0);\n"
                 "SELECT id, name, weight, active, note, 7 AS seven, '8' AS eight_text "
                 "FROM things ORDER BY id;\n");
    const auto result = run({"sql", "q.sql", "--output", "json"});
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    const auto report = document(result);
    expect_outcome(report, 0);
    EXPECT_EQ(report["affected_rows"], 2);
    ASSERT_EQ(report["statements"].size(), 2u) << report.dump(2);
    const auto& select = report["statements"][1];
    ASSERT_EQ(select["rows"].size(), 2u) << report.dump(2);
    const auto& first = select["rows"][0];
    EXPECT_TRUE(first["id"].is_number_integer()) << first.dump();
    EXPECT_EQ(first["id"], 1);
    EXPECT_EQ(first["name"], "one");
    EXPECT_TRUE(first["weight"].is_number_float()) << first.dump();
    EXPECT_DOUBLE_EQ(first["weight"].get<double>(), 1.5);
    EXPECT_EQ(first["active"], true);
    EXPECT_TRUE(first["note"].is_null());
    EXPECT_EQ(first["seven"], 7);
    EXPECT_EQ(first["eight_text"], "8");
    EXPECT_EQ(select["rows"][1]["active"], false);
    // 2 inserted into a REAL column is stored as 2.0: still a number.
    EXPECT_TRUE(select["rows"][1]["weight"].is_number());
    EXPECT_EQ(select["types"], nlohmann::json::array({"integer", "text", "real", "boolean", "text",
                                                      "integer", "text"}));
}

TEST_F(CommandsJson, ATaskPrintsTypedRowsAndAFailedTaskItsError) {
    ASSERT_EQ(run({"migrate"}).exit_code, 0);
    work().write("commands/count_things.sql",
                 "-- deckhand:command count-things\n"
                 "-- deckhand:summary Count the things\n"
                 "-- deckhand:read-only\n"
                 "SELECT count(*) AS things, max(weight) AS heaviest FROM things;\n");
    work().write("commands/break_things.sql",
                 "-- deckhand:command break-things\n"
                 "-- deckhand:summary Fails\n"
                 "INSERT INTO nowhere VALUES (1);\n");

    const auto counted = run({"count-things", "--output", "json"});
    ASSERT_EQ(counted.exit_code, 0) << shown(counted);
    const auto report = document(counted);
    expect_outcome(report, 0);
    EXPECT_EQ(report["command"], "count-things");
    const auto& row = report["statements"][0]["rows"][0];
    EXPECT_TRUE(row["things"].is_number_integer()) << row.dump();
    EXPECT_EQ(row["things"], 0);
    EXPECT_TRUE(row["heaviest"].is_null()) << row.dump();
    EXPECT_TRUE(report["elapsed_ms"].is_number_integer());

    const auto broken = run({"break-things", "--output", "json"});
    EXPECT_EQ(broken.exit_code, 1) << shown(broken);
    const auto failed = document(broken);
    expect_outcome(failed, 1, "work_failed");
    EXPECT_EQ(failed["command"], "break-things");
    EXPECT_EQ(failed["committed"], false);
    EXPECT_THAT(failed["error"]["message"].get<std::string>(), HasSubstr("break_things.sql"));
}

}  // namespace
}  // namespace deckhand::test
