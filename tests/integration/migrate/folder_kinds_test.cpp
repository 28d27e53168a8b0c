// Real folders, as other tools' users bring them, run by the engine on SQLite and PostgreSQL:
// statements that cannot run in a transaction, empty scripts, scripts sent byte for byte,
// Flyway's baseline, undo and callback scripts and .conf files, golang-migrate's and dbmate's
// naming.
#include <gmock/gmock.h>

#include "deckhand/errors.hpp"
#include "deckhand/migrate/status_output.hpp"
#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using FolderKindsTest = MigrateTest;

std::vector<std::string> scripts_of(const std::vector<migrate::HistoryRow>& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows) {
        out.push_back(row.script + (row.type == "SQL" ? "" : " " + row.type));
    }
    return out;
}

// --- statements that cannot run in a transaction ----------------------------------------------

TEST_P(FolderKindsTest, AScriptOfNonTransactionalStatementsRunsWithoutTheDirective) {
    write("V1__posts.sql", "CREATE TABLE posts (id integer, category integer);");
    write_for_dialect("V2__index.sql", on_postgres()
                                           ? "CREATE INDEX CONCURRENTLY posts_category_idx ON "
                                             "posts (category);\n"
                                           : "VACUUM;\n");
    migrate::MigrateOptions dry;
    dry.dry_run = true;
    run_migrate(dry);
    EXPECT_THAT(out_text(),
                HasSubstr(on_postgres() ? "(outside a transaction, statement by statement: "
                                          "CREATE INDEX CONCURRENTLY (line 1) cannot run in one)"
                                        : "(outside a transaction, statement by statement: "
                                          "VACUUM (line 1) cannot run in one)"));
    std::ostringstream table;
    migrate::write_status_table(table, status(), script::Phase::pre);
    EXPECT_THAT(table.str(), HasSubstr("SQL, no transaction"));
    std::ostringstream json;
    migrate::write_status_json(json, status(), script::Phase::pre);
    EXPECT_THAT(json.str(), HasSubstr("\"transaction\": false"));

    EXPECT_EQ(run_migrate().applied.size(), 2u);
    EXPECT_THAT(log_text(), HasSubstr("V2__index.sql in "));
    EXPECT_THAT(log_text(), HasSubstr("outside a transaction ("));
    EXPECT_TRUE(history().back().success);
    if (on_postgres()) {
        EXPECT_EQ(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                         "'posts_category_idx'::regclass"),
                  "t");
    }
}

TEST_P(FolderKindsTest, AMixedScriptIsRefusedBeforeEarlierScriptsRun) {
    write("V1__posts.sql", "CREATE TABLE posts (id integer, category integer);");
    write("V2__mixed.sql",
          "CREATE TABLE tags (id integer);\n"
          "VACUUM;\n");
    const std::string before = dump();
    int exit_status = 0;
    const auto message = error_of([&] { run_migrate(); }, &exit_status);
    EXPECT_EQ(exit_status, 2);
    EXPECT_THAT(message, StartsWith((migrations_dir() / "V2__mixed.sql").generic_string() +
                                    ":2: VACUUM cannot run inside a transaction"));
    EXPECT_THAT(message, HasSubstr("split the script in two, or start it with -- "
                                   "deckhand:no-transaction"));
    EXPECT_FALSE(table_exists("posts"));  // nothing ran, not even V1
    EXPECT_EQ(dump(), before);
}

TEST_P(FolderKindsTest, AnEnumValueAddedAndUsedRunsWithTheDirective) {
    if (!on_postgres()) {
        // SQLite has no enum types: the same folder's SQLite twin is an ordinary script.
        write("V1__mood.sql",
              "CREATE TABLE people (mood text CHECK (mood IN ('ok', 'sad')));\n"
              "INSERT INTO people VALUES ('sad');\n");
        EXPECT_EQ(run_migrate().applied.size(), 1u);
        return;
    }
    write("V1__mood.sql", "CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE people (m mood);");
    write("V2__sad.sql", "ALTER TYPE mood ADD VALUE 'sad';\nINSERT INTO people VALUES ('sad');\n");
    EXPECT_THAT(error_of([&] { run_migrate(); }),
                HasSubstr("V2__sad.sql:1: the value that ALTER TYPE ... ADD VALUE adds here "
                          "cannot be used in the same transaction, and line 2 uses it"));
    write("V2__sad.sql",
          "-- deckhand:no-transaction\n"
          "ALTER TYPE mood ADD VALUE 'sad';\nINSERT INTO people VALUES ('sad');\n");
    EXPECT_EQ(run_migrate().applied.size(), 2u);
    EXPECT_EQ(scalar("SELECT m FROM people"), "sad");
}

// --- empty scripts -----------------------------------------------------------------------------

TEST_P(FolderKindsTest, EmptyAndCommentOnlyScriptsAreAppliedAndRecorded) {
    write("V1__placeholder.sql", "");
    write("V2__skipped.sql", "-- version 2 was never released\n/* nothing */\n");
    write("V3__posts.sql", "CREATE TABLE posts (id integer);");
    EXPECT_EQ(run_migrate().applied.size(), 3u);
    EXPECT_EQ(
        scripts_of(history()),
        (std::vector<std::string>{"V1__placeholder.sql", "V2__skipped.sql", "V3__posts.sql"}));
    EXPECT_THAT(log_text(),
                HasSubstr("debug " + (migrations_dir() / "V2__skipped.sql").generic_string() +
                          " holds no statement"));
    EXPECT_TRUE(status().is_current(script::Phase::pre));
}

// --- byte for byte ------------------------------------------------------------------------------

TEST_P(FolderKindsTest, CrlfScriptsAreSentAsWrittenAndErrorsNameTheirLines) {
    write_for_dialect("V1__view.sql",
                      on_postgres() ? "CREATE FUNCTION two() RETURNS integer AS $$\r\nSELECT 2\r\n"
                                      "$$ LANGUAGE sql;\r\n"
                                    : "CREATE VIEW two AS\r\nSELECT 2 AS n;\r\n");
    write("V2__bom.sql",
          "\xEF\xBB\xBF"
          "CREATE TABLE bom (x integer);\r\n");
    EXPECT_EQ(run_migrate().applied.size(), 2u);
    EXPECT_EQ(scalar(on_postgres() ? "SELECT prosrc FROM pg_proc WHERE proname = 'two'"
                                   : "SELECT sql FROM sqlite_master WHERE name = 'two'"),
              on_postgres() ? "\r\nSELECT 2\r\n" : "CREATE VIEW two AS\r\nSELECT 2 AS n");
    EXPECT_TRUE(table_exists("bom"));
    // The checksum is the LF copy's: converting the file's line ends changes nothing.
    write("V2__bom.sql", "CREATE TABLE bom (x integer);\n");
    EXPECT_TRUE(status().is_current(script::Phase::pre));

    write("V3__broken.sql",
          "-- one\r\nCREATE TABLE ok3 (x integer);\r\n\r\nINSERT INTO nowhere "
          "VALUES (1);\r\n");
    EXPECT_THAT(error_of([&] { run_migrate(); }),
                StartsWith((migrations_dir() / "V3__broken.sql").generic_string() + ":4: "));
}

// --- Flyway's baseline migrations --------------------------------------------------------------

class BaselineScripts : public MigrateTest {
  protected:
    void SetUp() override {
        MigrateTest::SetUp();
        write("V1__posts.sql", "CREATE TABLE posts (id integer);");
        write("V2__tags.sql", "CREATE TABLE tags (id integer);");
        write("V3__users.sql", "CREATE TABLE users (id integer);");
        write("V4__likes.sql", "CREATE TABLE likes (id integer);");
        write("B2__schema.sql",
              "CREATE TABLE posts (id integer);\nCREATE TABLE tags (id integer);\n"
              "CREATE TABLE from_b2 (x integer);");
        write("B3__schema.sql",
              "CREATE TABLE posts (id integer);\nCREATE TABLE tags (id integer);\n"
              "CREATE TABLE users (id integer);\nCREATE TABLE from_b3 (x integer);");
        write("U4__drop_likes.sql", "DROP TABLE never_run_this;");
    }
};

TEST_P(BaselineScripts, AnEmptyDatabaseGetsTheNewestBaselineThenWhatIsAboveIt) {
    auto pending = status();
    std::vector<std::string> states;
    for (const auto& entry : pending.entries()) {
        states.push_back(std::string(entry.script) + " " +
                         std::string(migrate::to_string(entry.state)));
    }
    EXPECT_EQ(states,
              (std::vector<std::string>{"V1__posts.sql below-baseline",
                                        "V2__tags.sql below-baseline", "B2__schema.sql ignored",
                                        "V3__users.sql below-baseline", "B3__schema.sql pending",
                                        "V4__likes.sql pending", "U4__drop_likes.sql available"}));

    const auto result = run_migrate();
    EXPECT_EQ(result.applied.size(), 2u);
    EXPECT_EQ(result.schema_version->text(), "4");
    EXPECT_EQ(scripts_of(history()),
              (std::vector<std::string>{"B3__schema.sql SQL_BASELINE", "V4__likes.sql"}));
    EXPECT_TRUE(table_exists("from_b3"));
    EXPECT_FALSE(table_exists("from_b2"));
    EXPECT_TRUE(table_exists("likes"));
    EXPECT_EQ(status_of_version("1"), migrate::MigrationState::below_baseline);
    EXPECT_TRUE(status().is_current(script::Phase::pre));
    std::ostringstream table;
    migrate::write_status_table(table, status(), script::Phase::pre);
    EXPECT_THAT(table.str(), HasSubstr("SQL_BASELINE"));
    EXPECT_THAT(table.str(), HasSubstr("UNDO_SQL"));
    EXPECT_THAT(table.str(), HasSubstr("available"));
    // Run again: nothing to do; the undo script never runs.
    EXPECT_TRUE(run_migrate().applied.empty());
}

TEST_P(BaselineScripts, TargetPicksTheNewestBaselineAtOrBelowIt) {
    migrate::MigrateOptions options;
    options.target = script::Version::parse("2", "test");
    run_migrate(options);
    EXPECT_EQ(scripts_of(history()), (std::vector<std::string>{"B2__schema.sql SQL_BASELINE"}));
    EXPECT_TRUE(table_exists("from_b2"));
    run_migrate();  // the history is no longer empty: baselines are ignored now
    EXPECT_EQ(scripts_of(history()), (std::vector<std::string>{"B2__schema.sql SQL_BASELINE",
                                                               "V3__users.sql", "V4__likes.sql"}));
    EXPECT_FALSE(table_exists("from_b3"));
}

TEST_P(BaselineScripts, ADatabaseWithHistoryIgnoresThem) {
    migrate::MigrateOptions options;
    options.target = script::Version::parse("1", "test");
    run_migrate(options);  // no baseline at or below 1: V1 runs
    run_migrate();
    EXPECT_EQ(scripts_of(history()), (std::vector<std::string>{"V1__posts.sql", "V2__tags.sql",
                                                               "V3__users.sql", "V4__likes.sql"}));
    EXPECT_FALSE(table_exists("from_b2"));
    EXPECT_FALSE(table_exists("from_b3"));
    EXPECT_EQ(status_of_version("3"), migrate::MigrationState::applied);
}

TEST_P(BaselineScripts, AnEditedAppliedBaselineIsReportedChanged) {
    run_migrate();
    write("B3__schema.sql", "CREATE TABLE something_else (x integer);");
    EXPECT_THAT(error_of([&] { run_migrate(); }),
                HasSubstr("B3__schema.sql was changed after it was applied"));
    auto migrations = load();
    const auto repaired = migrate::repair(db(), migrations, std::chrono::seconds(5), io());
    EXPECT_EQ(repaired.realigned, std::vector<std::string>{"B3__schema.sql"});
    EXPECT_TRUE(status().is_current(script::Phase::pre));
}

// --- Flyway's callbacks -------------------------------------------------------------------------

class Callbacks : public MigrateTest {
  protected:
    void SetUp() override {
        MigrateTest::SetUp();
        write("V1__events.sql", "CREATE TABLE events (n integer, what text);");
        run_migrate();
        write("beforeMigrate.sql",
              "INSERT INTO events VALUES ((SELECT count(*) FROM events), 'before');");
        write("beforeEachMigrate.sql",
              "INSERT INTO events VALUES ((SELECT count(*) FROM events), 'before each');");
        write("afterEachMigrate.sql",
              "INSERT INTO events VALUES ((SELECT count(*) FROM events), 'after each');");
        write("afterMigrate.sql",
              "INSERT INTO events VALUES ((SELECT count(*) FROM events), 'after');");
        write("afterMigrate__grants.sql",
              "INSERT INTO events VALUES ((SELECT count(*) FROM events), 'grants');");
        write("afterMigrateError.sql",
              "INSERT INTO events VALUES ((SELECT count(*) FROM events), 'error');");
    }

    std::vector<std::string> events() {
        auto result = db().query("SELECT what FROM events ORDER BY n");
        std::vector<std::string> out;
        for (const auto& row : result.rows) {
            out.push_back(row[0].value_or(""));
        }
        return out;
    }
};

TEST_P(Callbacks, RunAroundTheMigrationsAndLeaveNoHistoryRow) {
    write("V2__a.sql", "INSERT INTO events VALUES ((SELECT count(*) FROM events), 'V2');");
    write("V3__b.sql", "INSERT INTO events VALUES ((SELECT count(*) FROM events), 'V3');");
    run_migrate();
    EXPECT_EQ(events(),
              (std::vector<std::string>{"before", "before each", "V2", "after each", "before each",
                                        "V3", "after each", "after", "grants"}));
    EXPECT_EQ(scripts_of(history()),
              (std::vector<std::string>{"V1__events.sql", "V2__a.sql", "V3__b.sql"}));
    EXPECT_THAT(log_text(), HasSubstr("ran callback afterMigrate__grants.sql"));
}

TEST_P(Callbacks, AfterMigrateRunsEvenWhenNothingIsPending) {
    EXPECT_TRUE(run_migrate().applied.empty());
    EXPECT_EQ(events(), (std::vector<std::string>{"before", "after", "grants"}));
}

TEST_P(Callbacks, AFailedMigrationRunsAfterMigrateErrorThenReportsTheError) {
    write("V2__broken.sql",
          "INSERT INTO events VALUES ((SELECT count(*) FROM events), 'V2');\n"
          "INSERT INTO nowhere VALUES (1);\n");
    int exit_status = 0;
    const auto message = error_of([&] { run_migrate(); }, &exit_status);
    EXPECT_EQ(exit_status, 1);
    EXPECT_THAT(message,
                StartsWith((migrations_dir() / "V2__broken.sql").generic_string() + ":2: "));
    // before each, V2 and the rest of its transaction were rolled back together.
    EXPECT_EQ(events(), (std::vector<std::string>{"before", "error"}));
}

TEST_P(Callbacks, AFailingCallbackIsNamedWithItsLine) {
    write("afterEachMigrate.sql", "-- checks\nSELECT * FROM no_such_table;\n");
    write("V2__a.sql", "INSERT INTO events VALUES ((SELECT count(*) FROM events), 'V2');");
    EXPECT_THAT(error_of([&] { run_migrate(); }),
                StartsWith((migrations_dir() / "afterEachMigrate.sql").generic_string() + ":2: "));
    EXPECT_EQ(scripts_of(history()), (std::vector<std::string>{"V1__events.sql"}));
}

TEST_P(Callbacks, AreShownByTheDryRun) {
    write("V2__a.sql", "SELECT 1;");
    migrate::MigrateOptions dry;
    dry.dry_run = true;
    run_migrate(dry);
    EXPECT_THAT(out_text(), HasSubstr("-- beforeMigrate callback: "));
    EXPECT_THAT(out_text(), HasSubstr("-- afterMigrate callback: "));
    EXPECT_THAT(out_text(), HasSubstr("around each migration, in its transaction"));
    EXPECT_EQ(events(), std::vector<std::string>{});
}

// --- Flyway's .conf files
// -------------------------------------------------------------------------

TEST_P(FolderKindsTest, AConfFileTakesAScriptOutOfTheTransaction) {
    write("V1__posts.sql", "CREATE TABLE posts (id integer);");
    write_for_dialect("V2__index.sql", on_postgres()
                                           ? "CREATE TABLE tags (id integer);\n"
                                             "CREATE INDEX CONCURRENTLY tags_id ON tags (id);\n"
                                           : "CREATE TABLE tags (id integer);\nVACUUM;\n");
    write_for_dialect("V2__index.sql.conf", "executeInTransaction=false\n");
    EXPECT_EQ(run_migrate().applied.size(), 2u);
    EXPECT_THAT(log_text(), HasSubstr("executeInTransaction=false"));
    EXPECT_TRUE(table_exists("tags"));
}

// --- golang-migrate and dbmate
// --------------------------------------------------------------------

TEST_P(FolderKindsTest, AGolangMigrateFolderRunsItsUpFilesInNumericOrder) {
    write("1_users.up.sql", "CREATE TABLE users (id integer);");
    write("1_users.down.sql", "DROP TABLE users;");
    write("20230101120000_posts.up.sql", "CREATE TABLE posts (id integer);");
    write("20230101120000_posts.down.sql", "DROP TABLE posts;");
    write("2_tags.up.sql", "CREATE TABLE tags (id integer);");
    EXPECT_EQ(run_migrate().applied.size(), 3u);
    EXPECT_EQ(scripts_of(history()), (std::vector<std::string>{"1_users.up.sql", "2_tags.up.sql",
                                                               "20230101120000_posts.up.sql"}));
    EXPECT_TRUE(table_exists("users"));
    EXPECT_TRUE(table_exists("posts"));
    EXPECT_EQ(migrate::to_string(status_of_version("20230101120000")), "applied");
}

TEST_P(FolderKindsTest, ADbmateFolderRunsOnlyTheUpSections) {
    write("20230101000000_users.sql",
          "-- migrate:up\nCREATE TABLE users (id integer);\n\n"
          "-- migrate:down\nDROP TABLE users;\n");
    write("20230102000000_index.sql",
          on_postgres() ? "-- migrate:up transaction:false\n"
                          "CREATE TABLE tags (id integer);\n"
                          "CREATE INDEX CONCURRENTLY tags_id ON tags (id);\n"
                          "-- migrate:down\nDROP TABLE tags;\n"
                        : "-- migrate:up transaction:false\nCREATE TABLE tags (id integer);\n"
                          "VACUUM;\n-- migrate:down\nDROP TABLE tags;\n");
    EXPECT_EQ(run_migrate().applied.size(), 2u);
    EXPECT_TRUE(table_exists("users"));  // the down section did not run after the up one
    EXPECT_TRUE(table_exists("tags"));
    EXPECT_THAT(log_text(), HasSubstr("-- migrate:up transaction:false"));
}

TEST_P(FolderKindsTest, ADbmateFileRenamedToFlywayNamingIsRefused) {
    write("V1__users.sql",
          "-- migrate:up\nCREATE TABLE users (id integer);\n-- migrate:down\nDROP TABLE users;\n");
    EXPECT_THAT(error_of([&] { run_migrate(); }),
                HasSubstr("V1__users.sql:3: '-- migrate:down' starts dbmate's undo section"));
    EXPECT_FALSE(table_exists("users"));
}

DECKHAND_ON_BOTH_DIALECTS(FolderKindsTest);
DECKHAND_ON_BOTH_DIALECTS(BaselineScripts);
DECKHAND_ON_BOTH_DIALECTS(Callbacks);

}  // namespace
}  // namespace deckhand::test
