// migrate's basic promises: order, history rows, dialect folders, repeatables, target, re-runs.
#include <gmock/gmock.h>

#include "deckhand/script/checksum.hpp"
#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using OrderingTest = MigrateTest;

TEST_P(OrderingTest, AppliesVersionedScriptsInNumericVersionOrder) {
    write("V1__create_log.sql", "CREATE TABLE applied_log (n integer, name text);");
    write("V1.10__ten.sql", "INSERT INTO applied_log VALUES (3, '1.10');");
    write("V1.9__nine.sql", "INSERT INTO applied_log VALUES (2, '1.9');");
    write("V1.2__two.sql", "INSERT INTO applied_log VALUES (1, '1.2');");
    auto result = run_migrate();
    EXPECT_EQ(result.applied.size(), 4u);
    EXPECT_EQ(result.schema_version->text(), "1.10");
    // The scripts ran in order: each inserted its row after the previous one.
    auto rows = db().query("SELECT name FROM applied_log ORDER BY n");
    ASSERT_EQ(rows.rows.size(), 3u);
    EXPECT_EQ(*rows.rows[0][0], "1.2");
    EXPECT_EQ(*rows.rows[2][0], "1.10");
    auto h = history();
    ASSERT_EQ(h.size(), 4u);
    EXPECT_EQ(h[0].script, "V1__create_log.sql");
    EXPECT_EQ(h[1].script, "V1.2__two.sql");
    EXPECT_EQ(h[2].script, "V1.9__nine.sql");
    EXPECT_EQ(h[3].script, "V1.10__ten.sql");
}

TEST_P(OrderingTest, RecordsEachScriptInTheHistoryWithItsChecksumAndTime) {
    const std::string text = "CREATE TABLE posts (id integer PRIMARY KEY);\n";
    write("V1_1__create_posts.sql", text);
    run_migrate();
    auto h = history();
    ASSERT_EQ(h.size(), 1u);
    EXPECT_EQ(h[0].installed_rank, 1);
    EXPECT_EQ(h[0].version->text(), "1.1");
    EXPECT_EQ(h[0].description, "create posts");
    EXPECT_EQ(h[0].type, "SQL");
    EXPECT_EQ(h[0].script, "V1_1__create_posts.sql");
    EXPECT_EQ(h[0].checksum, script::script_checksum(text));
    EXPECT_FALSE(h[0].installed_by.empty());
    EXPECT_THAT(h[0].installed_on, ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z"));
    EXPECT_GE(h[0].execution_time_ms, 0);
    EXPECT_TRUE(h[0].success);
    EXPECT_EQ(h[0].phase, script::Phase::pre);
    EXPECT_THAT(log_text(), HasSubstr("applied V1_1__create_posts.sql in "));
    EXPECT_THAT(log_text(), HasSubstr("applied 1 migration (1 versioned, 0 repeatable)"));
}

TEST_P(OrderingTest, CreatesTheHistoryTableOnFirstUseAndFindsNothingToDoTheSecondTime) {
    EXPECT_FALSE(table_exists("deckhand_schema_history"));
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    run_migrate();
    EXPECT_TRUE(table_exists("deckhand_schema_history"));
    const std::string before = dump();
    auto again = run_migrate();
    EXPECT_TRUE(again.applied.empty());
    EXPECT_EQ(dump(), before);
    EXPECT_THAT(log_text(),
                HasSubstr("schema is up to date (version 1, phase pre); nothing to apply"));
}

TEST_P(OrderingTest, AppliesNewScriptsOfALaterReleaseOnly) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    run_migrate();
    write("V2__b.sql", "CREATE TABLE b (x integer);");
    auto result = run_migrate();
    ASSERT_EQ(result.applied.size(), 1u);
    EXPECT_EQ(result.applied[0].script, "V2__b.sql");
    EXPECT_EQ(history().back().installed_rank, 2);
}

TEST_P(OrderingTest, MergesTheDialectFolderIntoOneOrderAndIgnoresTheOtherDialect) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    write("sqlite/V2__sqlite_only.sql", "CREATE TABLE only_sqlite (x integer);");
    write("postgres/V2__postgres_only.sql", "CREATE TABLE only_postgres (x integer);");
    write("V3__c.sql", "CREATE TABLE c (x integer);");
    run_migrate();
    EXPECT_EQ(table_exists("only_sqlite"), !on_postgres());
    EXPECT_EQ(table_exists("only_postgres"), on_postgres());
    auto h = history();
    ASSERT_EQ(h.size(), 3u);
    EXPECT_EQ(h[1].script,
              on_postgres() ? "postgres/V2__postgres_only.sql" : "sqlite/V2__sqlite_only.sql");
}

TEST_P(OrderingTest, RunsRepeatablesAfterVersionedScriptsAndAgainOnlyWhenTheyChange) {
    write("R__view.sql", "CREATE VIEW v AS SELECT x FROM a;");
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    auto first = run_migrate();
    ASSERT_EQ(first.applied.size(), 2u);
    EXPECT_EQ(first.applied[1].script, "R__view.sql");  // after V1, although its name sorts first
    EXPECT_TRUE(run_migrate().applied.empty());

    write("R__view.sql", "DROP VIEW v;\nCREATE VIEW v AS SELECT x, x + 1 AS y FROM a;");
    auto changed = run_migrate();
    ASSERT_EQ(changed.applied.size(), 1u);
    EXPECT_EQ(scalar("SELECT count(*) FROM v"), "0");
    auto h = history();
    ASSERT_EQ(h.size(), 3u);  // a new row for each application
    EXPECT_FALSE(h[2].version.has_value());
    EXPECT_EQ(h[2].description, "view");
    EXPECT_EQ(status().entries().back().state, migrate::MigrationState::applied);
}

TEST_P(OrderingTest, GivesCrlfAndLfCopiesOfAScriptTheSameChecksum) {
    write("V1__a.sql", "CREATE TABLE a (x integer);\r\nCREATE TABLE b (x integer);\r\n");
    run_migrate();
    write("V1__a.sql", "CREATE TABLE a (x integer);\nCREATE TABLE b (x integer);\n");
    EXPECT_TRUE(status().is_current(script::Phase::pre));
    EXPECT_TRUE(run_migrate().applied.empty());
}

TEST_P(OrderingTest, StopsAtTheTargetVersion) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    write("V2__b.sql", "CREATE TABLE b (x integer);");
    write("V3__c.sql", "CREATE TABLE c (x integer);");
    write("R__v.sql", "CREATE VIEW v AS SELECT x FROM a;");
    migrate::MigrateOptions options;
    options.target = script::Version::parse("2", "test");
    auto result = run_migrate(options);
    EXPECT_EQ(result.versioned, 2u);
    EXPECT_TRUE(table_exists("b"));
    EXPECT_FALSE(table_exists("c"));
    EXPECT_TRUE(table_exists("v"));  // repeatables run whatever the target, as with Flyway
    EXPECT_EQ(run_migrate().applied.size(), 1u);
    EXPECT_TRUE(table_exists("c"));
}

TEST_P(OrderingTest, RefusesATargetThatNamesNoMigration) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    migrate::MigrateOptions options;
    options.target = script::Version::parse("7", "test");
    int status = 0;
    EXPECT_EQ(error_of([&] { run_migrate(options); }, &status),
              "--target 7 names no migration of this folder or the database");
    EXPECT_EQ(status, 2);
    EXPECT_FALSE(table_exists("a"));
}

TEST_P(OrderingTest, SubstitutesPlaceholdersFromTheGivenValuesAndBuiltIns) {
    write("V1__a.sql",
          "CREATE TABLE ${table_name} (x integer, origin text DEFAULT '${deckhand:filename}');\n"
          "-- ${not_needed} in a comment is left alone\n"
          "INSERT INTO ${table_name} (x) VALUES (${Start});");
    migrate::MigrateOptions options;
    options.placeholders.set("TABLE_NAME", "tenants");
    options.placeholders.set("start", "41");
    run_migrate(options);
    EXPECT_EQ(scalar("SELECT x + 1 FROM tenants"), "42");
    EXPECT_EQ(scalar("SELECT origin FROM tenants"), "V1__a.sql");
    // The checksum is of the file as written, so other values later change nothing.
    options.placeholders.set("start", "99");
    EXPECT_TRUE(run_migrate(options).applied.empty());
}

TEST_P(OrderingTest, ADryRunShowsSecretPlaceholdersAsStars) {
    write("V1__a.sql",
          "CREATE TABLE settings (name text, value text);\n"
          "INSERT INTO settings VALUES ('pw', '${db_Password}'), ('k', '${ApiKey}'),\n"
          "  ('s', '${client_secret}'), ('t', '${TOKEN}'), ('plain', '${region}');\n");
    migrate::MigrateOptions options;
    options.dry_run = true;
    options.placeholders.set("db_password", "hunter2");
    options.placeholders.set("apikey", "k-123");
    options.placeholders.set("client_secret", "s-456");
    options.placeholders.set("token", "t-789");
    options.placeholders.set("region", "eu-west");
    run_migrate(options);
    const std::string shown = out_text() + log_text();
    for (const char* secret : {"hunter2", "k-123", "s-456", "t-789"}) {
        EXPECT_EQ(shown.find(secret), std::string::npos) << secret << " in:\n" << shown;
    }
    EXPECT_NE(out_text().find("VALUES ('pw', '***'), ('k', '***'),\n  ('s', '***'), ('t', '***'), "
                              "('plain', 'eu-west');"),
              std::string::npos)
        << out_text();
    EXPECT_FALSE(table_exists("settings"));
}

TEST_P(OrderingTest, LeavesPlaceholdersAloneInScriptsThatSaySo) {
    write("V1__a.sql",
          "-- deckhand:no-placeholders\nCREATE TABLE templates (body text);\n"
          "INSERT INTO templates VALUES ('Hello ${user}');");
    run_migrate();
    EXPECT_EQ(scalar("SELECT body FROM templates"), "Hello ${user}");
}

TEST_P(OrderingTest, ReportsWhatAnApplicationRunAfterAnotherProcessMigratedFinds) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    auto other = connect();
    run_migrate(*other, {});
    EXPECT_TRUE(run_migrate().applied.empty());
    EXPECT_EQ(history().size(), 1u);
}

DECKHAND_ON_BOTH_DIALECTS(OrderingTest);

}  // namespace
}  // namespace deckhand::test
