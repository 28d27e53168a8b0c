// baseline (adopting an existing database), repair, and the validation that validate reports.
#include <gmock/gmock.h>

#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;

migrate::BaselineOptions at_version(const std::string& version) {
    migrate::BaselineOptions options;
    options.version = script::Version::parse(version, "test");
    options.lock_wait_timeout = std::chrono::seconds(5);
    return options;
}

using BaselineTest = MigrateTest;
using RepairTest = MigrateTest;
using ValidateTest = MigrateTest;

TEST_P(BaselineTest, MarksEveryScriptUpToTheVersionAppliedWithoutRunningIt) {
    // The database was built by hand (or by another tool) up to version 2.
    db().execute_script("CREATE TABLE a (x integer); CREATE TABLE b (x integer);");
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    write("V2__b.sql", "CREATE TABLE b (x integer);");
    write("post/V2.5__post.sql", "CREATE TABLE p (x integer);");
    write("V3__c.sql", "CREATE TABLE c (x integer);");
    auto result = migrate::baseline(db(), load(), at_version("2.5"), io());
    EXPECT_EQ(result.rows, 3u);
    auto h = history();
    ASSERT_EQ(h.size(), 3u);
    EXPECT_EQ(h[0].type, "BASELINE");
    EXPECT_EQ(h[0].script, "V1__a.sql");
    EXPECT_TRUE(h[0].checksum.has_value());
    EXPECT_EQ(h[2].phase, script::Phase::post);
    EXPECT_FALSE(table_exists("p"));  // marked, not run

    auto applied = run_migrate();
    ASSERT_EQ(applied.applied.size(), 1u);
    EXPECT_EQ(applied.applied[0].script, "V3__c.sql");
    EXPECT_TRUE(status().is_current(script::Phase::all));
}

TEST_P(BaselineTest, WritesAMarkerRowForAVersionNoScriptHas) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    write("V5__e.sql", "CREATE TABLE e (x integer);");
    migrate::baseline(db(), load(), at_version("4"), io());
    auto h = history();
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(h[1].version->text(), "4");
    EXPECT_EQ(h[1].description, "<< deckhand baseline >>");
    EXPECT_FALSE(h[1].checksum.has_value());
    // A script older than the baseline that turns up later belongs to the adopted schema.
    write("V2__old.sql", "CREATE TABLE old (x integer);");
    EXPECT_EQ(status_of_version("2"), migrate::MigrationState::below_baseline);
    EXPECT_EQ(status_of_version("4"), migrate::MigrationState::applied);
    auto result = run_migrate();
    ASSERT_EQ(result.applied.size(), 1u);
    EXPECT_EQ(result.applied[0].script, "V5__e.sql");
    EXPECT_FALSE(table_exists("old"));
}

TEST_P(BaselineTest, RefusesADatabaseThatDeckhandAlreadyMigrated) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    run_migrate();
    const std::string before = dump();
    int exit_status = 0;
    EXPECT_THAT(
        error_of([&] { migrate::baseline(db(), load(), at_version("1"), io()); }, &exit_status),
        HasSubstr("deckhand_schema_history already holds 1 row; baseline adopts a "
                  "database that deckhand has never migrated"));
    EXPECT_EQ(exit_status, 1);
    EXPECT_EQ(dump(), before);
}

TEST_P(RepairTest, RealignsTheChecksumOfADeliberatelyEditedScript) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    write("V2__b.sql", "CREATE TABLE b (x integer);");
    run_migrate();
    write("V1__a.sql", "-- comment added after the fact\nCREATE TABLE a (x integer);");
    EXPECT_EQ(status_of_version("1"), migrate::MigrationState::changed);
    auto result = migrate::repair(db(), load(), std::chrono::seconds(5), io());
    EXPECT_EQ(result.realigned, std::vector<std::string>{"V1__a.sql"});
    EXPECT_TRUE(result.removed.empty());
    EXPECT_EQ(status_of_version("1"), migrate::MigrationState::applied);
    EXPECT_THAT(log_text(), HasSubstr("realigned V1__a.sql with its file"));
    EXPECT_TRUE(run_migrate().applied.empty());
}

TEST_P(RepairTest, DoesNothingOnAHealthyDatabase) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    run_migrate();
    const std::string before = dump();
    auto result = migrate::repair(db(), load(), std::chrono::seconds(5), io());
    EXPECT_TRUE(result.realigned.empty());
    EXPECT_TRUE(result.removed.empty());
    EXPECT_EQ(dump(), before);
    EXPECT_THAT(log_text(), HasSubstr("nothing to repair: the history matches the files"));
}

TEST_P(ValidateTest, FindsChangedMissingAndOutOfOrderScripts) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    write("V2__b.sql", "CREATE TABLE b (x integer);");
    write("V3__c.sql", "CREATE TABLE c (x integer);");
    run_migrate();
    write("V1__a.sql", "CREATE TABLE a (x bigint);");
    std::filesystem::remove(migrations_dir() / "V3__c.sql");
    write("V1.5__late.sql", "CREATE TABLE late (x integer);");
    auto current = status();
    auto problems = migrate::find_problems(current, {script::Phase::all, false, false});
    ASSERT_EQ(problems.size(), 3u);
    EXPECT_THAT(problems[0], HasSubstr("V1__a.sql was changed after it was applied"));
    EXPECT_THAT(problems[1], HasSubstr("V1.5__late.sql is pending but older than version 3"));
    EXPECT_EQ(problems[2], "version 3 (V3__c.sql) is applied but this build has no such file");
    EXPECT_EQ(migrate::find_problems(current, {script::Phase::all, true, true}).size(), 1u);
}

DECKHAND_ON_BOTH_DIALECTS(BaselineTest);
DECKHAND_ON_BOTH_DIALECTS(RepairTest);
DECKHAND_ON_BOTH_DIALECTS(ValidateTest);

}  // namespace
}  // namespace deckhand::test
