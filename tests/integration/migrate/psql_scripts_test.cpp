// Scripts written for psql: parenthesised rule bodies, COPY ... FROM STDIN with its data inline
// (as pg_dump writes it), and psql's own meta-commands, which deckhand refuses when it reads the
// folder, before anything runs.
#include <gmock/gmock.h>

#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using PsqlScripts = MigrateTest;

TEST_P(PsqlScripts, RefusesMetaCommandsWhenTheFolderIsReadAndChangesNothing) {
    write("V1__fine.sql", "CREATE TABLE fine (x integer);");
    write("V2__psql.sql",
          "CREATE TABLE t (x integer);\n"
          "-- a comment: \\i ignored.sql\n"
          "INSERT INTO t VALUES (1); -- \\set x\n"
          "\\set owner app\n"
          "SELECT 1;\n");
    for (const bool dry_run : {true, false}) {
        migrate::MigrateOptions options;
        options.dry_run = dry_run;
        int exit_status = 0;
        EXPECT_EQ(error_of([&] { run_migrate(options); }, &exit_status),
                  (migrations_dir() / "V2__psql.sql").generic_string() +
                      ":4: \\set is a psql meta-command, but deckhand sends scripts to the "
                      "database server, not to psql; use a placeholder ${name} and pass --set "
                      "name=VALUE");
        EXPECT_EQ(exit_status, 2);
        EXPECT_TRUE(out_text().empty());  // the dry run printed nothing
    }
    EXPECT_FALSE(table_exists("fine"));
    EXPECT_FALSE(table_exists("deckhand_schema_history"));
    EXPECT_THAT(error_of([&] { status(); }), HasSubstr("V2__psql.sql:4: \\set is a psql"));
}

TEST_P(PsqlScripts, AStrayClosingParenthesisFailsOnItsOwnLine) {
    write("V1__broken.sql",
          "CREATE TABLE a (x integer);\n"
          "SELECT 1);\n"
          "CREATE TABLE b (x integer);\n");
    const std::string message = error_of([&] { run_migrate(); });
    EXPECT_THAT(message,
                StartsWith((migrations_dir() / "V1__broken.sql").generic_string() + ":2: "))
        << message;
    EXPECT_FALSE(table_exists("a"));
}

TEST_P(PsqlScripts, AnUnclosedParenthesisFailsOnItsOwnLine) {
    write("V1__broken.sql",
          "CREATE TABLE a (x integer);\n"
          "CREATE TABLE b (x integer;\n"
          "CREATE TABLE c (x integer);\n");
    const std::string message = error_of([&] { run_migrate(); });
    EXPECT_THAT(message,
                StartsWith((migrations_dir() / "V1__broken.sql").generic_string() + ":2: "))
        << message;
    EXPECT_FALSE(table_exists("a"));
}

// pg_dump's way of writing rows; placeholders are replaced inside the data too, as Flyway does.
const std::string copy_script =
    "CREATE TABLE items (id integer PRIMARY KEY, name text, note text);\n"  // 1
    "COPY items (id, name, note) FROM stdin;\n"                             // 2
    "1\tit's; fine\t\\N\n"                                                  // 3
    "2\t-- not a comment\t${note}\n"                                        // 4
    "3\t\t/* tab\\there */\n"                                               // 5
    "\\.\n"                                                                 // 6
    "SELECT 1;\n";                                                          // 7

TEST_P(PsqlScripts, LoadsCopyFromStdinDataOnPostgresAndRefusesItOnSqlite) {
    write("V1__copy.sql", copy_script);
    migrate::MigrateOptions options;
    options.placeholders.set("note", "from a placeholder");
    if (!on_postgres()) {
        int exit_status = 0;
        EXPECT_EQ(error_of([&] { run_migrate(options); }, &exit_status),
                  (migrations_dir() / "V1__copy.sql").generic_string() +
                      ":2: COPY ... FROM STDIN is PostgreSQL's, and SQLite has no COPY; write the "
                      "rows as INSERT statements");
        EXPECT_EQ(exit_status, 2);
        EXPECT_FALSE(table_exists("deckhand_schema_history"));
        return;
    }
    run_migrate(options);
    EXPECT_EQ(scalar("SELECT string_agg(id || '=' || coalesce(name, 'NULL') || '/' || "
                     "coalesce(note, 'NULL'), ' | ' ORDER BY id) FROM items"),
              "1=it's; fine/NULL | 2=-- not a comment/from a placeholder | 3=/"
              "/* tab\there */");
    EXPECT_TRUE(history().back().success);
}

DECKHAND_ON_BOTH_DIALECTS(PsqlScripts);

// What only PostgreSQL has: rules, and COPY.
using PostgresScripts = MigrateTest;

TEST_P(PostgresScripts, RunsARuleWithSeveralActionsInParentheses) {
    // Once in deckhand's transaction, once statement by statement (tables of each end in 1, 2).
    const std::string rule =
        "CREATE TABLE items# (id integer);\n"
        "CREATE TABLE log# (item integer);\n"
        "CREATE TABLE counts# (n integer);\n"
        "INSERT INTO counts# VALUES (0);\n"
        "CREATE RULE log_insert AS ON INSERT TO items# DO ALSO (\n"
        "  INSERT INTO log# (item) VALUES (NEW.id);\n"
        "  UPDATE counts# SET n = n + 1;\n"
        ");\n"
        "INSERT INTO items# VALUES (7);\n";
    for (const char* n : {"1", "2"}) {
        std::string script = std::string(n) == "2" ? "-- deckhand:no-transaction\n" : "";
        for (const char c : rule) {
            script += c == '#' ? std::string(n) : std::string(1, c);
        }
        write(std::string("V") + n + "__rule.sql", script);
        run_migrate();
        EXPECT_EQ(scalar(std::string("SELECT item FROM log") + n), "7");
        EXPECT_EQ(scalar(std::string("SELECT n FROM counts") + n), "1");
    }
}

TEST_P(PostgresScripts, LoadsCsvCopyDataInANoTransactionScript) {
    write("V1__table.sql", "CREATE TABLE items (id integer PRIMARY KEY, name text, note text);");
    write("V2__copy.sql",
          "-- deckhand:no-transaction\n"
          "COPY items FROM stdin WITH (FORMAT csv, HEADER);\n"
          "id,name,note\n"
          "4,\"csv, quoted\",\n"
          "5,\"two\nlines\",x\n"
          "\\.\n"
          "CREATE INDEX CONCURRENTLY items_name ON items (name);\n");
    run_migrate();
    EXPECT_EQ(scalar("SELECT string_agg(id || '=' || name || '/' || coalesce(note, 'NULL'), ' | ' "
                     "ORDER BY id) FROM items"),
              "4=csv, quoted/NULL | 5=two\nlines/x");
    EXPECT_TRUE(history().back().success);
}

TEST_P(PostgresScripts, NamesTheFileLineOfBadCopyDataAndRollsBack) {
    write("V1__table.sql", "CREATE TABLE items (id integer PRIMARY KEY, name text);");
    run_migrate();
    const std::string before = dump();
    write("V2__copy.sql",
          "INSERT INTO items VALUES (${first}, 'first');\n"  // 1 (the value adds lines)
          "COPY items FROM stdin;\n"                         // 2
          "2\ttwo\n"                                         // 3
          "x\tthree\n"                                       // 4
          "\\.\n");
    migrate::MigrateOptions options;
    options.placeholders.set("first", "\n\n1");
    EXPECT_EQ(error_of([&] { run_migrate(options); }),
              (migrations_dir() / "V2__copy.sql").generic_string() +
                  ":4: invalid input syntax for type integer: \"x\" (column id) (the script was "
                  "rolled back and no later migration ran)");
    EXPECT_EQ(dump(), before);
}

TEST_P(PostgresScripts, NamesTheFileLineOfBadCopyDataInANoTransactionScript) {
    write("V1__table.sql", "CREATE TABLE items (id integer PRIMARY KEY, name text);");
    write("V2__copy.sql",
          "-- deckhand:no-transaction\n"  // 1
          "CREATE TABLE done (x int);\n"  // 2
          "COPY items FROM stdin;\n"      // 3
          "1\tone\n"                      // 4
          "1\tagain\n"                    // 5
          "\\.\n");
    const std::string message = error_of([&] { run_migrate(); });
    EXPECT_THAT(message, StartsWith((migrations_dir() / "V2__copy.sql").generic_string() +
                                    ":5: duplicate key value violates unique constraint"));
    EXPECT_THAT(message, HasSubstr("1 of 2 statements took effect"));
    EXPECT_EQ(scalar("SELECT count(*) FROM items"), "0");
}

INSTANTIATE_TEST_SUITE_P(Dialects, PostgresScripts, ::testing::Values(Backend::postgres),
                         backend_name);

}  // namespace
}  // namespace deckhand::test
