// Issue 14 part 3 through the installed binary: drivers own their dialects. A third-party
// driver (lite: URLs, dialect sqlite) gets the sqlite/ scripts of the migrations folder, read
// once, before connecting, and never a script of another dialect's folder; a plugin whose file
// and registration disagree on the dialect, or whose connections disagree with both, is refused
// naming its file (exit 2); a driver built as for plugin API 1.4, declaring no dialect, still
// works, the folder read once for its connection's dialect.
#include <sqlite3.h>

#include <set>

#include "e2e_fixture.hpp"

namespace fs = std::filesystem;
using deckhand::test::InstalledDeckhand;
using deckhand::test::lines_with;
using deckhand::test::ProcessResult;
using deckhand::test::shown;
using testing::HasSubstr;
using testing::Not;

namespace {

// The names of the tables of a SQLite file (sqlite_% and deckhand's own included).
std::set<std::string> tables_of(const fs::path& database) {
    sqlite3* db = nullptr;
    std::set<std::string> tables;
    if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1,
                               &statement, nullptr) == SQLITE_OK) {
            while (sqlite3_step(statement) == SQLITE_ROW) {
                tables.insert(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
            }
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return tables;
}

class DriversEndToEnd : public InstalledDeckhand {
  protected:
    // A folder that serves SQLite through sqlite/ and seed/sqlite/. Wherever a read for another
    // dialect would look (postgres/, post/postgres/, seed/postgres/, or a folder named after a
    // scheme, as a read that took the scheme for the dialect would) lies a script that stops
    // any read of it: a psql meta-command, or a version the common folder already has.
    void write_migrations() const {
        work().write("migrations/V1__common.sql",
                     "CREATE TABLE common (id INTEGER PRIMARY KEY);\n");
        work().write("migrations/sqlite/V2__sqlite_only.sql",
                     "CREATE TABLE only_sqlite (id INTEGER PRIMARY KEY);\n");
        work().write("migrations/post/sqlite/V3__sqlite_post.sql",
                     "CREATE TABLE post_on_sqlite (id INTEGER PRIMARY KEY);\n");
        for (const char* folder : {"postgres", "post/postgres", "lite", "oldlite"}) {
            work().write("migrations/" + std::string(folder) + "/V1__never_read.sql",
                         "CREATE TABLE never (id integer);\n\\i elsewhere.sql\n");
        }
        work().write("migrations/seed/sqlite/01_common.sql",
                     "INSERT INTO common (id) VALUES (42);\n");
        work().write("migrations/seed/postgres/01_never_read.sql", "\\i elsewhere.sql\n");
    }

    // Asserts a run that read the folder for SQLite: exit 0, no broken script named, the
    // folders named after schemes warned about once each (a second read would warn again).
    static void expect_read_once_for_sqlite(const ProcessResult& result) {
        EXPECT_EQ(result.exit_code, 0) << shown(result);
        EXPECT_THAT(result.out + result.err, Not(HasSubstr("never_read"))) << shown(result);
        EXPECT_THAT(result.out + result.err, Not(HasSubstr("elsewhere.sql"))) << shown(result);
        for (const char* folder : {"migrations/lite", "migrations/oldlite"}) {
            EXPECT_EQ(lines_with(result.err, std::string("ignoring folder ") + folder).size(), 1u)
                << folder << ": " << shown(result);
        }
    }
};

}  // namespace

TEST_F(DriversEndToEnd, AThirdPartySchemeGetsTheFolderOfTheDialectItsDriverDeclares) {
    add_test_plugin("lite_driver");
    write_migrations();
    const auto listing = deckhand({"plugins"});
    ASSERT_EQ(listing.exit_code, 0) << shown(listing);
    EXPECT_THAT(listing.out, HasSubstr("drivers:  lite")) << shown(listing);

    const auto migrated = deckhand({"--database-url", "lite:app.db", "migrate", "--phase", "all"});
    expect_read_once_for_sqlite(migrated);
    EXPECT_EQ(tables_of(work() / "app.db").count("common"), 1u) << shown(migrated);
    EXPECT_EQ(tables_of(work() / "app.db").count("only_sqlite"), 1u) << shown(migrated);
    EXPECT_EQ(tables_of(work() / "app.db").count("post_on_sqlite"), 1u) << shown(migrated);
    EXPECT_EQ(tables_of(work() / "app.db").count("never"), 0u) << shown(migrated);

    // status and seed read it alike, and seed takes seed/sqlite/, not seed/postgres/.
    const auto status = deckhand({"--database-url", "lite:app.db", "status", "--fail-on-pending"});
    expect_read_once_for_sqlite(status);
    const auto seeded = deckhand({"--database-url", "lite:app.db", "seed"});
    expect_read_once_for_sqlite(seeded);
    EXPECT_THAT(seeded.out + seeded.err, HasSubstr("01_common.sql")) << shown(seeded);
}

TEST_F(DriversEndToEnd, AFolderErrorOfTheDeclaredDialectStopsMigrateBeforeItConnects) {
    // Read before connecting, for the declared dialect: the error in sqlite/ stops the run, and
    // lite: (a scheme the core knows nothing of) gets no file created.
    add_test_plugin("lite_driver");
    write_migrations();
    work().write("migrations/sqlite/V4__broken.sql", "\\set x 1\n");
    const auto result = deckhand({"--database-url", "lite:app.db", "migrate"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("V4__broken.sql")) << shown(result);
    EXPECT_FALSE(fs::exists(work() / "app.db")) << shown(result);
}

TEST_F(DriversEndToEnd, ADriverWhoseFileAndRegistrationDisagreeIsRefusedByName) {
    add_test_plugin("dialect_liar");
    write_migrations();
    const auto plugin = plugins() / "dialect_liar.so";
    const auto result = deckhand({"--database-url", "liar:app.db", "migrate"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    const auto error = lines_with(result.err, "deckhand: ");
    ASSERT_EQ(error.size(), 1u) << shown(result);
    EXPECT_THAT(error.front(),
                HasSubstr("the driver for 'liar:' URLs cannot be used: plugin " + plugin.string()))
        << shown(result);
    EXPECT_THAT(error.front(), HasSubstr("has dialect 'postgres', but its file declares 'sqlite'"))
        << shown(result);
    EXPECT_THAT(result.err, Not(HasSubstr("the dialect liar's driver was used"))) << shown(result);
    EXPECT_THAT(result.err, Not(HasSubstr("terminate"))) << shown(result);
    EXPECT_FALSE(fs::exists(work() / "app.db"));

    // The rest of deckhand goes on: its refusal is a warning, and sqlite: works.
    const auto listing = deckhand({"plugins"});
    EXPECT_EQ(listing.exit_code, 0) << shown(listing);
    EXPECT_THAT(listing.out, HasSubstr("refused: plugin " + plugin.string())) << shown(listing);
    const auto migrated = deckhand({"--database-url", "sqlite:app.db", "migrate"});
    expect_read_once_for_sqlite(migrated);
}

TEST_F(DriversEndToEnd, ADriverWhoseConnectionsDisagreeWithItsDialectIsRefusedByName) {
    // fib: declares postgres and connects to SQLite: the folder read for postgres must not run.
    add_test_plugin("connection_liar");
    work().write("migrations/V1__common.sql", "CREATE TABLE common (id INTEGER PRIMARY KEY);\n");
    work().write("migrations/postgres/V2__postgres_only.sql", "CREATE TABLE pg_only (id int);\n");
    const auto result = deckhand({"--database-url", "fib:app.db", "migrate"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    const auto error = lines_with(result.err, "deckhand: ");
    ASSERT_EQ(error.size(), 1u) << shown(result);
    EXPECT_THAT(error.front(),
                HasSubstr("the driver for 'fib:' URLs in plugin " +
                          (plugins() / "connection_liar.so").string() +
                          " declares the dialect 'postgres', but its connection says 'sqlite'"))
        << shown(result);
    EXPECT_TRUE(tables_of(work() / "app.db").empty()) << shown(result);
}

TEST_F(DriversEndToEnd, ADriverBuiltForPluginApi14StillWorksReadingTheFolderOnce) {
    add_test_plugin("legacy_driver");
    write_migrations();
    const auto listing = deckhand({"plugins"});
    ASSERT_EQ(listing.exit_code, 0) << shown(listing);
    EXPECT_THAT(listing.out, HasSubstr("legacy-driver 1.4.0")) << shown(listing);
    EXPECT_THAT(listing.out, Not(HasSubstr("refused"))) << shown(listing);

    const auto migrated =
        deckhand({"--database-url", "oldlite:app.db", "migrate", "--phase", "all"});
    expect_read_once_for_sqlite(migrated);
    EXPECT_EQ(tables_of(work() / "app.db").count("only_sqlite"), 1u) << shown(migrated);
    EXPECT_EQ(tables_of(work() / "app.db").count("never"), 0u) << shown(migrated);
    const auto seeded = deckhand({"--database-url", "oldlite:app.db", "seed"});
    expect_read_once_for_sqlite(seeded);
    EXPECT_THAT(seeded.out + seeded.err, HasSubstr("01_common.sql")) << shown(seeded);
}

TEST_F(DriversEndToEnd, LintAndDoctorGoByTheDialectTheDriverDeclaresNotTheScheme) {
    add_test_plugin("lite_driver");
    write_migrations();
    // doctor: the file of a lite: URL is a SQLite file, checked for before opening, never created.
    const auto doctor = deckhand({"--database-url", "lite:missing.db", "doctor"});
    EXPECT_EQ(doctor.exit_code, 1) << shown(doctor);
    EXPECT_THAT(doctor.out, HasSubstr("the SQLite file missing.db does not exist yet"))
        << shown(doctor);
    EXPECT_FALSE(fs::exists(work() / "missing.db")) << shown(doctor);

    // lint: lints as SQLite, reading the folder once by the rules the engine and the drivers
    // name (lite/ and oldlite/ are folders of no driver's dialect here: warned about once).
    const auto migrated = deckhand({"--database-url", "lite:app.db", "migrate", "--phase", "all"});
    expect_read_once_for_sqlite(migrated);
    work().write("migrations/sqlite/V4__new_table.sql",
                 "CREATE TABLE added_later (id INTEGER PRIMARY KEY);\n");
    const auto linted = deckhand({"--database-url", "lite:app.db", "lint"});
    expect_read_once_for_sqlite(linted);
    EXPECT_THAT(linted.out, HasSubstr("0 findings in 1 script")) << shown(linted);
}
