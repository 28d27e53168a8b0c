// A database that Flyway, golang-migrate or dbmate manages, meeting deckhand for the first time:
// migrate refuses with the table found and the command that takes it over, `baseline --from`
// imports the applied versions row by row, and a schema that holds objects but no history gets
// --baseline-on-migrate or a pointer to baseline instead of a bare "already exists".
//
// The peers' tables are built with the tools' own DDL and rows:
// - Flyway: flyway-core/src/main/resources/org/flywaydb/core/internal/database/{postgresql,
//   sqlite}/createMetaDataTable.sql (flyway/flyway), checksums being Flyway's CRC-32 of the file
//   (values from Python's zlib.crc32 over the text without line breaks);
// - golang-migrate: database/postgres/postgres.go ensureVersionTable and SetVersion, and
//   database/sqlite3/sqlite3.go (golang-migrate/migrate): one row, version and dirty;
// - dbmate: its schema_migrations of versions (the real dbmate runs in adoption_process_test).
#include <gmock/gmock.h>

#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;

// Flyway's checksums of the scripts below.
constexpr const char* crc_create_a = "-853898207";  // "CREATE TABLE a (x integer);\n"
constexpr const char* crc_view = "1692093550";      // "CREATE VIEW v AS SELECT 1 AS one;\n"

class AdoptionTest : public MigrateTest {
  protected:
    void SetUp() override {
        MigrateTest::SetUp();
        write("V1__create_a.sql", "CREATE TABLE a (x integer);\n");
        write("V2__create_b.sql", "CREATE TABLE b (x integer);\n");
        write("V3__create_c.sql", "CREATE TABLE c (x integer);\n");
        write("R__view.sql", "CREATE VIEW v AS SELECT 1 AS one;\n");
    }

    // Flyway's createMetaDataTable.sql for this dialect, with ${schema}.${table} filled in as
    // Flyway fills them (the connection's schema; SQLite's is "main").
    void create_flyway_table() {
        if (on_postgres()) {
            const std::string table =
                "\"" + scalar("SELECT current_schema()") + "\".\"flyway_schema_history\"";
            db().execute_script(
                "CREATE TABLE " + table +
                " (\n"
                "    \"installed_rank\" INT NOT NULL,\n"
                "    \"version\" VARCHAR(50),\n"
                "    \"description\" VARCHAR(200) NOT NULL,\n"
                "    \"type\" VARCHAR(20) NOT NULL,\n"
                "    \"script\" VARCHAR(1000) NOT NULL,\n"
                "    \"checksum\" INTEGER,\n"
                "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
                "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
                "    \"execution_time\" INTEGER NOT NULL,\n"
                "    \"success\" BOOLEAN NOT NULL\n"
                ");\n"
                "ALTER TABLE " +
                table +
                " ADD CONSTRAINT \"flyway_schema_history_pk\" PRIMARY KEY (\"installed_rank\");\n"
                "CREATE INDEX \"flyway_schema_history_s_idx\" ON " +
                table + " (\"success\");\n");
        } else {
            db().execute_script(
                "CREATE TABLE \"main\".\"flyway_schema_history\" (\n"
                "    \"installed_rank\" INT NOT NULL PRIMARY KEY,\n"
                "    \"version\" VARCHAR(50),\n"
                "    \"description\" VARCHAR(200) NOT NULL,\n"
                "    \"type\" VARCHAR(20) NOT NULL,\n"
                "    \"script\" VARCHAR(1000) NOT NULL,\n"
                "    \"checksum\" INT,\n"
                "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
                "    \"installed_on\" TEXT NOT NULL DEFAULT "
                "(strftime('%Y-%m-%d %H:%M:%f','now')),\n"
                "    \"execution_time\" INT NOT NULL,\n"
                "    \"success\" BOOLEAN NOT NULL\n"
                ");\n"
                "CREATE INDEX \"main\".\"flyway_schema_history_s_idx\" ON "
                "\"flyway_schema_history\" (\"success\");\n");
        }
    }
    // One row as Flyway writes it (`version` and `checksum` "NULL" or a literal).
    void flyway_row(int rank, const std::string& version, const std::string& description,
                    const std::string& type, const std::string& script, const std::string& checksum,
                    bool success = true) {
        const std::string installed_on =
            "'2024-03-01 10:00:0" + std::to_string(rank % 10) + ".250'";
        db().execute_script(
            "INSERT INTO flyway_schema_history (installed_rank, version, description, type, "
            "script, checksum, installed_by, installed_on, execution_time, success) VALUES (" +
            std::to_string(rank) + ", " + version + ", '" + description + "', '" + type + "', '" +
            script + "', " + checksum + ", 'flyway_user', " + installed_on + ", " +
            std::to_string(10 * rank) + ", " +
            (on_postgres() ? (success ? "true" : "false") : (success ? "1" : "0")) + ")");
    }
    // What Flyway's V1, V2 and R__view built, and its history of them; V3 was never applied.
    // V2 was edited after Flyway applied it: its recorded checksum is not the file's
    // (-1317295622).
    void flyway_database() {
        db().execute_script(
            "CREATE TABLE a (x integer); CREATE TABLE b (x integer); CREATE VIEW v AS SELECT 1 "
            "AS one;");
        create_flyway_table();
        flyway_row(1, "'1'", "create a", "SQL", "V1__create_a.sql", crc_create_a);
        flyway_row(2, "'2'", "create b", "SQL", "V2__create_b.sql", "12345");
        flyway_row(3, "NULL", "view", "SQL", "R__view.sql", crc_view);
    }

    // golang-migrate's table as its driver creates it, and its one row.
    void golang_migrate_database(int version, bool dirty) {
        if (on_postgres()) {
            db().execute_script(
                "CREATE TABLE IF NOT EXISTS \"" + scalar("SELECT current_schema()") +
                "\".\"schema_migrations\" (version bigint not null primary key, dirty boolean not "
                "null)");
            db().query("INSERT INTO schema_migrations (version, dirty) VALUES ($1, $2)",
                       {db::Value(std::int64_t{version}), db::Value(dirty)});
        } else {
            db().execute_script(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool);\n"
                "  CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations "
                "(version);\n");
            db().query("INSERT INTO schema_migrations (version, dirty) VALUES ($1, $2)",
                       {db::Value(std::int64_t{version}), db::Value(dirty)});
        }
    }

    void dbmate_database(const std::vector<std::string>& versions) {
        db().execute_script(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) primary key)");
        for (const auto& version : versions) {
            db().query("INSERT INTO schema_migrations (version) VALUES ($1)", {db::Value(version)});
        }
    }

    migrate::BaselineResult baseline_from(migrate::PeerTool tool) {
        migrate::BaselineOptions options;
        options.from = tool;
        options.lock_wait_timeout = std::chrono::seconds(5);
        return migrate::baseline(db(), load(), options, io());
    }

    std::string state_of_repeatable(const std::string& description) {
        auto current = status();
        for (const auto& entry : current.entries()) {
            if (!entry.version && entry.description == description) {
                return std::string(migrate::to_string(entry.state));
            }
        }
        return "(none)";
    }
};

DECKHAND_ON_BOTH_DIALECTS(AdoptionTest);

TEST_P(AdoptionTest, MigrateRefusesAFlywayDatabaseNamingTheTableAndTheCommand) {
    flyway_database();
    const std::string before = dump();
    int exit_status = 0;
    const auto message = error_of([&] { run_migrate(); }, &exit_status);
    EXPECT_THAT(message, HasSubstr("this database is managed by Flyway ("));
    EXPECT_THAT(message, HasSubstr("flyway_schema_history holds 3 rows) and deckhand has no "
                                   "history of it yet: run `deckhand baseline --from flyway` "
                                   "once to take that history over"));
    EXPECT_EQ(exit_status, 1);
    EXPECT_EQ(dump(), before);
    // A dry run says the same.
    migrate::MigrateOptions dry;
    dry.dry_run = true;
    EXPECT_THAT(error_of([&] { run_migrate(dry); }), HasSubstr("--from flyway"));
}

TEST_P(AdoptionTest, BaselineFromFlywayImportsRowByRowAndLeavesTheUnappliedPending) {
    flyway_database();
    auto result = baseline_from(migrate::PeerTool::flyway);
    EXPECT_EQ(result.rows, 3u);
    auto rows = history();
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].script, "V1__create_a.sql");
    EXPECT_EQ(rows[0].type, "SQL");
    EXPECT_EQ(rows[0].installed_by, "flyway_user");
    EXPECT_EQ(rows[0].execution_time_ms, 10);
    EXPECT_EQ(rows[0].checksum, load().find_versioned(script::Version::parse("1", "t"))->checksum);
    // Flyway's installed_on is a timestamp in its session's zone, taken as this session's.
    const std::string installed_on =
        on_postgres() ? scalar(
                            "SELECT to_char('2024-03-01 10:00:01.250'::timestamptz AT TIME "
                            "ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')")
                      : "2024-03-01T10:00:01.250Z";
    EXPECT_EQ(rows[0].installed_on, installed_on);

    // V1 and the view as Flyway applied them; V2 was edited since (Flyway's checksum of the
    // file differs from the one it recorded): changed, as `flyway validate` would say.
    EXPECT_EQ(status_of_version("1"), migrate::MigrationState::applied);
    EXPECT_EQ(status_of_version("2"), migrate::MigrationState::changed);
    EXPECT_EQ(status_of_version("3"), migrate::MigrationState::pending);
    EXPECT_EQ(state_of_repeatable("view"), "applied");
    // Flyway's own table is left alone.
    EXPECT_EQ(scalar("SELECT count(*) FROM flyway_schema_history"), "3");

    EXPECT_THAT(error_of([&] { run_migrate(); }), HasSubstr("V2__create_b.sql was changed"));
    migrate::repair(db(), load(), std::chrono::seconds(5), io());
    auto applied = run_migrate();
    ASSERT_EQ(applied.applied.size(), 1u);
    EXPECT_EQ(applied.applied[0].script, "V3__create_c.sql");
    EXPECT_TRUE(status().is_current(script::Phase::all));
}

TEST_P(AdoptionTest, ARepeatableThatChangedSinceFlywayRanItRunsAgain) {
    flyway_database();
    write("R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT 2 AS one;\n");
    baseline_from(migrate::PeerTool::flyway);
    EXPECT_EQ(state_of_repeatable("view"), "pending");
}

TEST_P(AdoptionTest, AFailedFlywayRowIsRefusedNamingItsVersionAndNothingIsWritten) {
    db().execute_script("CREATE TABLE a (x integer);");
    create_flyway_table();
    flyway_row(1, "'1'", "create a", "SQL", "V1__create_a.sql", crc_create_a);
    flyway_row(2, "'2'", "create b", "SQL", "V2__create_b.sql", "NULL", false);
    const std::string before = dump();
    int exit_status = 0;
    EXPECT_THAT(error_of([&] { baseline_from(migrate::PeerTool::flyway); }, &exit_status),
                HasSubstr("flyway_schema_history (Flyway) records version 2 (V2__create_b.sql, "
                          "installed_rank 2) as failed"));
    EXPECT_EQ(exit_status, 1);
    EXPECT_EQ(dump(), before);
    EXPECT_FALSE(table_exists("deckhand_schema_history"));
}

TEST_P(AdoptionTest, FlywaysSchemaBaselineAndUndoRowsKeepTheirMeaning) {
    db().execute_script("CREATE TABLE a (x integer); CREATE TABLE b (x integer);");
    create_flyway_table();
    flyway_row(0, "NULL", "<< Flyway Schema Creation >>", "SCHEMA", "\"public\"", "NULL");
    flyway_row(1, "'1'", "<< Flyway Baseline >>", "BASELINE", "<< Flyway Baseline >>", "NULL");
    flyway_row(2, "'2'", "create b", "SQL", "V2__create_b.sql", "-1317295622");
    flyway_row(3, "'3'", "create c", "SQL", "V3__create_c.sql", "745818252");
    flyway_row(4, "'3'", "create c", "UNDO_SQL", "U3__create_c.sql", "NULL");
    baseline_from(migrate::PeerTool::flyway);
    auto rows = history();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].type, "BASELINE");
    EXPECT_EQ(rows[0].description, "<< Flyway Baseline >>");
    EXPECT_FALSE(rows[0].checksum.has_value());
    EXPECT_EQ(status_of_version("1"), migrate::MigrationState::applied);
    EXPECT_EQ(status_of_version("2"), migrate::MigrationState::applied);
    EXPECT_EQ(status_of_version("3"), migrate::MigrationState::pending);  // undone
    // A script below Flyway's baseline that turns up later belongs to the adopted schema.
    write("V0_5__older.sql", "CREATE TABLE older (x integer);\n");
    EXPECT_EQ(status_of_version("0.5"), migrate::MigrationState::below_baseline);
}

TEST_P(AdoptionTest, GolangMigrateIsRefusedThenTakenOverUpToItsVersion) {
    db().execute_script("CREATE TABLE a (x integer); CREATE TABLE b (x integer);");
    golang_migrate_database(2, false);
    EXPECT_THAT(error_of([&] { run_migrate(); }),
                HasSubstr("this database is managed by golang-migrate ("));
    EXPECT_THAT(error_of([&] { run_migrate(); }),
                HasSubstr("run `deckhand baseline --from golang-migrate` once"));
    auto result = baseline_from(migrate::PeerTool::golang_migrate);
    EXPECT_EQ(result.rows, 2u);
    EXPECT_EQ(status_of_version("1"), migrate::MigrationState::applied);
    EXPECT_EQ(status_of_version("2"), migrate::MigrationState::applied);
    EXPECT_EQ(status_of_version("3"), migrate::MigrationState::pending);
    auto applied = run_migrate();
    ASSERT_EQ(applied.applied.size(), 2u);  // V3 and the repeatable
    EXPECT_EQ(applied.applied[0].script, "V3__create_c.sql");
}

TEST_P(AdoptionTest, AGolangMigrateVersionWithoutAFileBecomesABaselineMarker) {
    golang_migrate_database(20240101, false);
    baseline_from(migrate::PeerTool::golang_migrate);
    auto rows = history();
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[3].version->text(), "20240101");
    EXPECT_EQ(rows[3].type, "BASELINE");
    EXPECT_EQ(status_of_version("3"), migrate::MigrationState::applied);
}

TEST_P(AdoptionTest, ADirtyGolangMigrateDatabaseIsRefusedNamingTheVersion) {
    db().execute_script("CREATE TABLE a (x integer);");
    golang_migrate_database(2, true);
    const std::string before = dump();
    int exit_status = 0;
    EXPECT_THAT(error_of([&] { baseline_from(migrate::PeerTool::golang_migrate); }, &exit_status),
                HasSubstr("schema_migrations (golang-migrate) marks version 2 as dirty"));
    EXPECT_EQ(exit_status, 1);
    EXPECT_EQ(dump(), before);
}

TEST_P(AdoptionTest, DbmateVersionsAreTakenOverEachAndAGapStaysPending) {
    db().execute_script("CREATE TABLE a (x integer); CREATE TABLE c (x integer);");
    dbmate_database({"1", "3", "7"});
    EXPECT_THAT(error_of([&] { run_migrate(); }), HasSubstr("managed by dbmate ("));
    EXPECT_THAT(error_of([&] { run_migrate(); }),
                HasSubstr("schema_migrations holds 3 applied versions) and deckhand has no "
                          "history of it yet: run `deckhand baseline --from dbmate`"));
    EXPECT_EQ(baseline_from(migrate::PeerTool::dbmate).rows, 3u);
    EXPECT_EQ(status_of_version("1"), migrate::MigrationState::applied);
    EXPECT_EQ(status_of_version("2"), migrate::MigrationState::out_of_order);
    EXPECT_EQ(status_of_version("3"), migrate::MigrationState::applied);
    EXPECT_EQ(status_of_version("7"), migrate::MigrationState::missing);  // no file here
    migrate::MigrateOptions options;
    options.out_of_order = true;
    auto applied = run_migrate(options);
    ASSERT_FALSE(applied.applied.empty());
    EXPECT_EQ(applied.applied[0].script, "V2__create_b.sql");
}

TEST_P(AdoptionTest, AnEmptyPeerTableManagesNothing) {
    dbmate_database({});
    EXPECT_EQ(run_migrate().versioned, 3u);
}

TEST_P(AdoptionTest, TheWrongToolOrNoTableIsSaidBeforeAnythingIsWritten) {
    golang_migrate_database(1, false);
    EXPECT_THAT(error_of([&] { baseline_from(migrate::PeerTool::dbmate); }),
                HasSubstr("is not shaped like dbmate's history table (it looks like "
                          "golang-migrate's: try --from golang-migrate)"));
    EXPECT_THAT(error_of([&] { baseline_from(migrate::PeerTool::flyway); }),
                HasSubstr("--from flyway: there is no table "));
    EXPECT_FALSE(table_exists("deckhand_schema_history"));
}

TEST_P(AdoptionTest, BaselineFromRefusesADatabaseDeckhandAlreadyMigrated) {
    run_migrate();
    dbmate_database({"1"});
    EXPECT_THAT(error_of([&] { baseline_from(migrate::PeerTool::dbmate); }),
                HasSubstr("already holds 4 rows"));
}

TEST_P(AdoptionTest, AFirstScriptThatFindsItsTableExistingPointsToBaseline) {
    db().execute_script("CREATE TABLE a (x integer);");
    int exit_status = 0;
    const auto message = error_of([&] { run_migrate(); }, &exit_status);
    EXPECT_THAT(message, HasSubstr("V1__create_a.sql:1: "));
    EXPECT_THAT(message, HasSubstr("already exists"));
    EXPECT_THAT(message, HasSubstr("already held 1 object (a): if those come from these scripts, "
                                   "adopt the database with `deckhand baseline --version V`"));
    EXPECT_EQ(exit_status, 1);
}

TEST_P(AdoptionTest, BaselineOnMigrateBaselinesANonEmptySchemaAtVersionOneAsFlywayDoes) {
    db().execute_script("CREATE TABLE a (x integer);");
    migrate::MigrateOptions options;
    options.baseline_on_migrate = true;
    options.dry_run = true;
    const std::string before = dump();
    auto planned = run_migrate(options);
    EXPECT_EQ(dump(), before);
    EXPECT_THAT(out_text(), HasSubstr("it would first be baselined at version 1"));
    EXPECT_EQ(planned.versioned, 2u);

    options.dry_run = false;
    auto applied = run_migrate(options);
    EXPECT_EQ(applied.versioned, 2u);  // V2 and V3; V1 is the baseline
    EXPECT_THAT(log_text(), HasSubstr("holds 1 object (a) but no history"));
    auto rows = history();
    EXPECT_EQ(rows[0].type, "BASELINE");
    EXPECT_EQ(rows[0].script, "V1__create_a.sql");
    EXPECT_TRUE(table_exists("c"));
}

TEST_P(AdoptionTest, BaselineOnMigrateRunsEverythingOnAnEmptySchemaAndTakesAVersion) {
    migrate::MigrateOptions options;
    options.baseline_on_migrate = true;
    EXPECT_EQ(run_migrate(options).versioned, 3u);

    auto other = open_url(new_database_url());
    other->execute_script("CREATE TABLE a (x integer); CREATE TABLE b (x integer);");
    options.baseline_version = script::Version::parse("2", "t");
    EXPECT_EQ(run_migrate(*other, options).versioned, 1u);
}

}  // namespace
}  // namespace deckhand::test
