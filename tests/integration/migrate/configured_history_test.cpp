// The history table a team names (--history-table): two apps keep their histories apart in one
// database; on PostgreSQL a schema.table lives in that schema (created with --create-schemas,
// else a sentence naming it); odd and hostile names are quoted or refused, never pasted; and
// baseline, repair, status and ${deckhand:table} all follow the setting.
#include <gmock/gmock.h>

#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;

class ConfiguredHistoryTest : public MigrateTest {
  protected:
    migrate::MigrateOptions with_table(const std::string& name) {
        migrate::MigrateOptions options;
        options.history_table = migrate::HistoryTableName::parse(name, "--history-table");
        return options;
    }
    // The folder and status of another app: its own migrations folder, its own table.
    migrate::Status status_of(const std::filesystem::path& folder, const std::string& table) {
        folders_.push_back(std::make_unique<script::MigrationSet>(
            script::load_migrations(folder, on_postgres() ? "postgres" : "sqlite")));
        return migrate::read_status(db(), *folders_.back(),
                                    migrate::HistoryTableName::parse(table, "--history-table"));
    }
    std::vector<std::unique_ptr<script::MigrationSet>> folders_;
};

DECKHAND_ON_BOTH_DIALECTS(ConfiguredHistoryTest);

TEST_P(ConfiguredHistoryTest, TwoAppsInOneDatabaseKeepTheirOwnHistories) {
    // App one: this test's migrations folder. App two: a folder of its own, whose V1 is another
    // script with the same version.
    write("V1__billing_accounts.sql", "CREATE TABLE billing_accounts (id integer);\n");
    write("V2__billing_invoices.sql", "CREATE TABLE billing_invoices (id integer);\n");
    write("../shop/V1__shop_orders.sql", "CREATE TABLE shop_orders (id integer);\n");
    const auto shop = migrations_dir().parent_path() / "shop";

    auto billing = run_migrate(with_table("billing_history"));
    EXPECT_EQ(billing.applied.size(), 2u);
    auto shop_folder = script::load_migrations(shop, on_postgres() ? "postgres" : "sqlite");
    auto shop_result = migrate::migrate(db(), shop_folder, with_table("shop_history"), io());
    ASSERT_EQ(shop_result.applied.size(), 1u);
    EXPECT_EQ(shop_result.applied[0].script, "V1__shop_orders.sql");

    EXPECT_TRUE(table_exists("shop_orders"));
    EXPECT_FALSE(table_exists("deckhand_schema_history"));
    EXPECT_EQ(scalar("SELECT count(*) FROM billing_history"), "2");
    EXPECT_EQ(scalar("SELECT script FROM shop_history"), "V1__shop_orders.sql");
    EXPECT_TRUE(status_of(migrations_dir(), "billing_history").is_current(script::Phase::all));
    EXPECT_TRUE(status_of(shop, "shop_history").is_current(script::Phase::all));
    // Each app's status reads only its own table.
    EXPECT_FALSE(status_of(shop, "billing_history").is_current(script::Phase::all));

    // A second run of either finds nothing to do.
    EXPECT_TRUE(run_migrate(with_table("billing_history")).applied.empty());
}

TEST_P(ConfiguredHistoryTest, BaselineRepairAndThePlaceholderFollowTheSetting) {
    db().execute_script("CREATE TABLE a (x integer);");
    write("V1__a.sql", "CREATE TABLE a (x integer);\n");
    write("V2__b.sql",
          "CREATE TABLE b (x integer);\nCREATE TABLE seen AS SELECT '${deckhand:table}' AS t;\n");
    migrate::BaselineOptions baseline;
    baseline.version = script::Version::parse("1", "test");
    baseline.history_table = migrate::HistoryTableName::parse("app_history", "test");
    migrate::baseline(db(), load(), baseline, io());
    EXPECT_FALSE(table_exists("deckhand_schema_history"));
    EXPECT_EQ(scalar("SELECT type FROM app_history"), "BASELINE");

    run_migrate(with_table("app_history"));
    const std::string expected =
        on_postgres() ? "\"" + scalar("SELECT current_schema()") + "\".\"app_history\""
                      : "\"app_history\"";
    EXPECT_EQ(scalar("SELECT t FROM seen"), expected);

    write("V2__b.sql",
          "-- edited\nCREATE TABLE b (x integer);\nCREATE TABLE seen AS SELECT "
          "'${deckhand:table}' AS t;\n");
    auto repaired = migrate::repair(db(), load(), std::chrono::seconds(5), io(),
                                    migrate::HistoryTableName::parse("app_history", "test"));
    EXPECT_EQ(repaired.realigned, std::vector<std::string>{"V2__b.sql"});
    EXPECT_FALSE(table_exists("deckhand_schema_history"));
}

TEST_P(ConfiguredHistoryTest, QuotedNamesAreUsedExactlyAndHostileOnesNeverReachSql) {
    write("V1__a.sql", "CREATE TABLE a (x integer);\n");
    auto result = run_migrate(with_table("\"App History; DROP TABLE a; --\""));
    ASSERT_EQ(result.applied.size(), 1u);
    EXPECT_TRUE(table_exists("a"));
    EXPECT_EQ(scalar("SELECT script FROM \"App History; DROP TABLE a; --\""), "V1__a.sql");

    int exit_status = 0;
    EXPECT_THAT(error_of([&] { with_table("history; DROP TABLE a"); }, &exit_status),
                HasSubstr("--history-table 'history; DROP TABLE a' is not a table name"));
    EXPECT_EQ(exit_status, 2);
    EXPECT_TRUE(table_exists("a"));
}

TEST_P(ConfiguredHistoryTest, ASchemaIsCreatedOnlyWhenAskedAndElseNamed) {
    write("V1__a.sql", "CREATE TABLE a (x integer);\n");
    const std::string before = dump();
    int exit_status = 0;
    const auto message =
        error_of([&] { run_migrate(with_table("billing.history")); }, &exit_status);
    EXPECT_EQ(exit_status, 2);
    EXPECT_EQ(dump(), before);
    if (!on_postgres()) {
        EXPECT_THAT(message, HasSubstr("--history-table 'billing.history' names a schema "
                                       "(billing), but SQLite has none"));
        return;
    }
    const std::string schema = "s_" + scalar("SELECT current_schema()").substr(0, 40);
    EXPECT_THAT(message,
                HasSubstr("the schema billing of the history table billing.history does not "
                          "exist: create it, or pass --create-schemas"));

    auto options = with_table(schema + ".history");
    options.create_schemas = true;
    ASSERT_EQ(run_migrate(options).applied.size(), 1u);
    EXPECT_EQ(scalar("SELECT count(*) FROM " + schema + ".history"), "1");
    // The scripts still ran where the session's search_path points.
    EXPECT_TRUE(table_exists("a"));
    EXPECT_EQ(scalar("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema + "'"), "1");
    // And status finds it there, from a session whose search_path does not include it.
    auto current = migrate::read_status(db(), load(), options.history_table);
    EXPECT_TRUE(current.is_current(script::Phase::all));
    EXPECT_EQ(current.history_table(), schema + ".history");
}

using ConfiguredHistoryOnPostgresTest = ConfiguredHistoryTest;
INSTANTIATE_TEST_SUITE_P(Postgres, ConfiguredHistoryOnPostgresTest,
                         ::testing::Values(Backend::postgres), backend_name);

TEST_P(ConfiguredHistoryOnPostgresTest, ASearchPathWithoutAnExistingSchemaIsNamedNotGuessed) {
    auto connection = connect();
    connection->execute_script("SET search_path TO no_such_schema");
    write("V1__nothing_to_create.sql", "SELECT 1;\n");
    int exit_status = 0;
    EXPECT_THAT(error_of([&] { run_migrate(*connection, {}); }, &exit_status),
                HasSubstr("the session's search_path (no_such_schema) names no schema that "
                          "exists, so deckhand cannot tell where its history table "
                          "deckhand_schema_history belongs"));
    EXPECT_EQ(exit_status, 2);
    // Named with its schema, the table is found whatever the search_path.
    auto options = with_table(scalar("SELECT current_schema()") + ".deckhand_schema_history");
    EXPECT_EQ(run_migrate(*connection, options).applied.size(), 1u);
}

}  // namespace
}  // namespace deckhand::test
