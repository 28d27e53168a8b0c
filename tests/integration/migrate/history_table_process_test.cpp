// --history-table and DECKHAND_HISTORY_TABLE through the deckhand executable: two apps migrate
// one database side by side, and every command that reads or writes the history (migrate,
// status, validate, baseline, repair) uses the table it is given; a schema is created only with
// --create-schemas; a bad name is a usage error naming the flag, with nothing changed.
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>

#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;

using HistoryTableProcessTest = MigrateTest;
DECKHAND_ON_BOTH_DIALECTS(HistoryTableProcessTest);

TEST_P(HistoryTableProcessTest, TwoAppsShareOneDatabaseByFlagAndByVariable) {
    write("V1__billing.sql", "CREATE TABLE billing (id integer);\n");
    write("../shop/V1__shop.sql", "CREATE TABLE shop (id integer);\n");
    write("../shop/V2__shop_items.sql", "CREATE TABLE shop_items (id integer);\n");
    const std::string shop = (migrations_dir().parent_path() / "shop").string();
    ProcessOptions shop_env;
    shop_env.set_env["DECKHAND_HISTORY_TABLE"] = "shop_history";
    auto shop_command = [&](std::vector<std::string> command) {
        command.insert(command.begin(), {"--migrations", shop});
        return deckhand(std::move(command), shop_env);
    };

    auto billing = deckhand({"--history-table", "billing_history", "migrate"});
    ASSERT_EQ(billing.exit_code, 0) << billing.err;
    auto shop_run = shop_command({"migrate"});
    ASSERT_EQ(shop_run.exit_code, 0) << shop_run.err;
    EXPECT_THAT(shop_run.err, HasSubstr("applied 2 migrations"));
    EXPECT_FALSE(table_exists("deckhand_schema_history"));

    for (const auto& [table, folder] :
         {std::pair<std::string, std::string>{"billing_history", ""}, {"shop_history", shop}}) {
        std::vector<std::string> prefix{"--history-table", table};
        if (!folder.empty()) {
            prefix.insert(prefix.end(), {"--migrations", folder});
        }
        auto with = [&](std::vector<std::string> command) {
            command.insert(command.begin(), prefix.begin(), prefix.end());
            return deckhand(std::move(command));
        };
        auto status = with({"status", "--output", "json", "--fail-on-pending"});
        ASSERT_EQ(status.exit_code, 0) << table << ": " << status.err;
        EXPECT_TRUE(nlohmann::json::parse(status.out).at("current").get<bool>());
        EXPECT_EQ(with({"validate"}).exit_code, 0) << table;
        EXPECT_EQ(with({"repair"}).exit_code, 0) << table;
        EXPECT_THAT(with({"migrate"}).err, HasSubstr("schema is up to date"));
    }
    // The flag beats the variable: the shop folder against billing's history has work to do.
    auto crossed =
        shop_command({"--history-table", "billing_history", "status", "--fail-on-pending"});
    EXPECT_EQ(crossed.exit_code, 1) << crossed.err;
}

TEST_P(HistoryTableProcessTest, BaselineWritesTheConfiguredTable) {
    db().execute_script("CREATE TABLE a (x integer);");
    write("V1__a.sql", "CREATE TABLE a (x integer);\n");
    auto result = deckhand({"--history-table", "legacy_history", "baseline", "--version", "1"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(scalar("SELECT type FROM legacy_history"), "BASELINE");
    EXPECT_FALSE(table_exists("deckhand_schema_history"));
}

TEST_P(HistoryTableProcessTest, ABadNameIsAUsageErrorNamingTheFlagAndChangesNothing) {
    write("V1__a.sql", "CREATE TABLE a (x integer);\n");
    const std::string before = dump();
    auto flag = deckhand({"--history-table", "history; DROP TABLE a", "migrate"});
    EXPECT_EQ(flag.exit_code, 2);
    EXPECT_THAT(flag.err, HasSubstr("--history-table 'history; DROP TABLE a' is not a table name"));
    ProcessOptions env;
    env.set_env["DECKHAND_HISTORY_TABLE"] = "a b";
    auto variable = deckhand({"status"}, env);
    EXPECT_EQ(variable.exit_code, 2);
    EXPECT_THAT(variable.err, HasSubstr("DECKHAND_HISTORY_TABLE 'a b' is not a table name"));
    EXPECT_EQ(dump(), before);
}

TEST_P(HistoryTableProcessTest, ASchemaIsCreatedWithCreateSchemasAndNamedWithout) {
    write("V1__a.sql", "CREATE TABLE a (x integer);\n");
    const std::string schema =
        on_postgres() ? "p_" + scalar("SELECT current_schema()").substr(0, 40) : "app";
    const std::string before = dump();
    auto refused = deckhand({"--history-table", schema + ".history", "migrate"});
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_EQ(dump(), before);
    if (!on_postgres()) {
        EXPECT_THAT(refused.err, HasSubstr("SQLite has none"));
        return;
    }
    EXPECT_THAT(refused.err, HasSubstr("the schema " + schema + " of the history table " + schema +
                                       ".history does not exist: create it, or pass "
                                       "--create-schemas"));
    auto created =
        deckhand({"--history-table", schema + ".history", "migrate", "--create-schemas"});
    ASSERT_EQ(created.exit_code, 0) << created.err;
    EXPECT_EQ(scalar("SELECT script FROM " + schema + ".history"), "V1__a.sql");
    EXPECT_TRUE(table_exists("a"));
}

}  // namespace
}  // namespace deckhand::test
