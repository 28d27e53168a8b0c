// What status shows: the table for people and the JSON for scripts.
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "deckhand/migrate/status_output.hpp"
#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using StatusTest = MigrateTest;

TEST_P(StatusTest, ShowsEveryScriptWithItsStateInATable) {
    write("V1__create_posts.sql", "CREATE TABLE posts (x integer);");
    write("R__view.sql", "CREATE VIEW v AS SELECT x FROM posts;");
    run_migrate();
    write("V2__add_tags.sql", "CREATE TABLE tags (x integer);");
    write("post/V3__drop_old.sql", "DROP TABLE posts;");
    auto current = status();
    std::ostringstream out;
    migrate::write_status_table(out, current, script::Phase::pre);
    const std::string text = out.str();
    EXPECT_THAT(text, ::testing::StartsWith(
                          "VERSION  DESCRIPTION   TYPE            PHASE  STATE    INSTALLED ON"));
    EXPECT_THAT(text, ::testing::ContainsRegex("\n1 +create posts +SQL +pre +applied +[0-9-]+T"));
    EXPECT_THAT(text, ::testing::ContainsRegex("\n2 +add tags +SQL +pre +pending +[0-9a-f]{12}\n"));
    EXPECT_THAT(text, ::testing::ContainsRegex("\n3 +drop old +SQL +post +pending"));
    EXPECT_THAT(text, ::testing::ContainsRegex("\n +view +SQL repeatable +pre +applied"));
    EXPECT_THAT(text, HasSubstr("\nschema version 1; 1 outstanding for phase pre\n"));
}

TEST_P(StatusTest, AlignsColumnsByCharactersNotBytes) {
    write("V1__crème_brûlée.sql", "CREATE TABLE desserts (x integer);");
    write("V2__add_a_longer_description.sql", "CREATE TABLE b (x integer);");
    run_migrate();
    std::ostringstream out;
    migrate::write_status_table(out, status(), script::Phase::pre);
    std::istringstream lines(out.str());
    std::string header;
    std::string first;
    std::string second;
    std::getline(lines, header);
    std::getline(lines, first);
    std::getline(lines, second);
    // "crème brûlée" is 12 characters in 14 bytes: TYPE starts in the same character column.
    auto column_of = [](const std::string& line, const std::string& text) {
        const auto at = line.find(text);
        std::size_t characters = 0;
        for (std::size_t i = 0; i < at; ++i) {
            characters += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80 ? 1 : 0;
        }
        return characters;
    };
    EXPECT_EQ(column_of(first, "SQL"), column_of(header, "TYPE")) << out.str();
    EXPECT_EQ(column_of(second, "SQL"), column_of(header, "TYPE")) << out.str();
    EXPECT_EQ(column_of(first, "applied"), column_of(second, "applied")) << out.str();
}

TEST_P(StatusTest, DescribesTheSameInJson) {
    write("V1__create_posts.sql", "CREATE TABLE posts (x integer);");
    run_migrate();
    write("V2__add_tags.sql", "CREATE TABLE tags (x integer);");
    std::ostringstream written;
    migrate::write_status_json(written, status(), script::Phase::pre);
    auto json = nlohmann::json::parse(written.str());
    // Byte for byte the layout nlohmann itself writes (what scripts saw before it was
    // written by hand).
    EXPECT_EQ(written.str(), json.dump(2) + "\n");
    EXPECT_EQ(json["phase"], "pre");
    EXPECT_EQ(json["current"], false);
    EXPECT_EQ(json["outstanding"], 1);
    EXPECT_EQ(json["schema_version"], "1");
    ASSERT_EQ(json["migrations"].size(), 2u);
    const auto& first = json["migrations"][0];
    EXPECT_EQ(first["version"], "1");
    EXPECT_EQ(first["description"], "create posts");
    EXPECT_EQ(first["state"], "applied");
    EXPECT_EQ(first["type"], "SQL");
    EXPECT_TRUE(first["installed_on"].is_string());
    EXPECT_EQ(first["checksum"].get<std::string>().size(), 64u);
    const auto& second = json["migrations"][1];
    EXPECT_EQ(second["state"], "pending");
    EXPECT_TRUE(second["installed_on"].is_null());
}

TEST_P(StatusTest, ReadsAFreshDatabaseWithoutCreatingAnything) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    auto current = status();
    EXPECT_FALSE(current.history_exists());
    EXPECT_FALSE(current.is_current(script::Phase::pre));
    EXPECT_FALSE(table_exists("deckhand_schema_history"));
    std::ostringstream out;
    migrate::write_status_table(out, current, script::Phase::pre);
    // On PostgreSQL the table is named with the schema it is looked for in.
    EXPECT_THAT(out.str(),
                HasSubstr("no migration has been applied yet (" +
                          (on_postgres() ? scalar("SELECT current_schema()") + "." : "") +
                          "deckhand_schema_history does not exist)"));
}

TEST_P(StatusTest, DryRunPrintsThePlanAndTheSubstitutedSqlAndChangesNothing) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    run_migrate();
    const std::string before = dump();
    write("V2__b.sql", "CREATE TABLE ${name} (x integer);");
    write("R__v.sql", "CREATE VIEW v AS SELECT x FROM a;");
    migrate::MigrateOptions options;
    options.dry_run = true;
    options.placeholders.set("name", "b_table");
    auto result = run_migrate(options);
    EXPECT_EQ(result.applied.size(), 2u);
    EXPECT_EQ(dump(), before);
    const std::string out = out_text();
    EXPECT_THAT(
        out,
        HasSubstr("-- dry run: 2 migrations would be applied (phase pre); nothing was changed\n"));
    EXPECT_THAT(out, HasSubstr("-- V2 b: " + (migrations_dir() / "V2__b.sql").generic_string() +
                               " (in a transaction)\nCREATE TABLE b_table (x integer);\n"));
    EXPECT_THAT(out, HasSubstr("-- R v: "));
}

TEST_P(StatusTest, DryRunOnAFreshDatabaseCreatesNoHistoryTable) {
    write("V1__a.sql", "CREATE TABLE a (x integer);");
    migrate::MigrateOptions options;
    options.dry_run = true;
    run_migrate(options);
    EXPECT_FALSE(table_exists("deckhand_schema_history"));
    EXPECT_FALSE(table_exists("a"));
}

// installed_on reads as ISO 8601 UTC with milliseconds cut, as PostgreSQL's to_char(..., 'MS')
// shows them, whatever the session's time zone and date style (PostgreSQL sends epoch seconds
// and deckhand writes the text; SQLite stores the text itself).
TEST_P(StatusTest, ShowsInstalledOnAsUtcWithMillisecondsWhateverTheSessionSettings) {
    for (int i = 1; i <= 5; ++i) {
        write("V" + std::to_string(i) + "__step.sql", "SELECT " + std::to_string(i) + ";");
    }
    run_migrate();
    const std::vector<std::pair<std::string, std::string>> times{
        {"2024-02-29 23:59:59.9996", "2024-02-29T23:59:59.999Z"},
        {"1969-12-31 23:59:59.001", "1969-12-31T23:59:59.001Z"},
        {"2000-01-01 00:00:00", "2000-01-01T00:00:00.000Z"},
        {"2026-11-24 04:31:32.107123", "2026-11-24T04:31:32.107Z"},
        {"2100-12-31 12:34:56.5", "2100-12-31T12:34:56.500Z"},
    };
    for (std::size_t i = 0; i < times.size(); ++i) {
        const std::string stored =
            on_postgres() ? "'" + times[i].first + "+00'"
                          : "'" + times[i].second + "'";  // SQLite keeps deckhand's own text
        db().execute_script("UPDATE deckhand_schema_history SET installed_on = " + stored +
                            " WHERE installed_rank = " + std::to_string(i + 1));
    }
    if (on_postgres()) {
        db().execute_script("SET TIME ZONE 'Asia/Kathmandu'; SET DateStyle = 'SQL, DMY'");
        // The server's own formatting agrees with the expected texts.
        EXPECT_EQ(scalar("SELECT to_char(installed_on AT TIME ZONE 'UTC', "
                         "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM deckhand_schema_history "
                         "WHERE installed_rank = 1"),
                  times[0].second);
    }
    auto rows = migrate::History(db(), migrate::HistoryTable::resolve(db(), {})).read();
    ASSERT_EQ(rows.size(), times.size());
    for (std::size_t i = 0; i < times.size(); ++i) {
        EXPECT_EQ(rows[i].installed_on, times[i].second) << times[i].first;
    }
}

DECKHAND_ON_BOTH_DIALECTS(StatusTest);

}  // namespace
}  // namespace deckhand::test
