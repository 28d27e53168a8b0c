// SQLite's documented twelve-step table rebuild (https://www.sqlite.org/lang_altertable.html,
// "Making Other Kinds Of Table Schema Changes") on a database with rows: every row survives,
// whatever the children's ON DELETE says, and a rebuild that would orphan rows is refused with
// the database as it was. A migration runs with foreign keys unenforced and checked before it
// commits, since a PRAGMA foreign_keys inside deckhand's transaction would do nothing.
#include <gmock/gmock.h>

#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Authors with posts (ON DELETE CASCADE) and reviews (ON DELETE RESTRICT), and rows in all three.
class SqliteRebuild : public MigrateTest {
  protected:
    void SetUp() override {
        MigrateTest::SetUp();
        write("V1__schema.sql",
              "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
              "CREATE TABLE posts (id INTEGER PRIMARY KEY,\n"
              "  author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,\n"
              "  title TEXT);\n"
              "CREATE TABLE reviews (id INTEGER PRIMARY KEY,\n"
              "  author_id INTEGER REFERENCES authors (id) ON DELETE RESTRICT,\n"
              "  stars INTEGER);\n");
        write("V2__rows.sql",
              "INSERT INTO authors VALUES (1, 'ada'), (2, 'grace'), (3, 'edsger');\n"
              "INSERT INTO posts VALUES (10, 1, 'a'), (11, 1, 'b'), (12, 2, 'c'), (13, 3, 'd');\n"
              "INSERT INTO reviews VALUES (20, 2, 5), (21, 3, 4);\n");
        run_migrate();
    }

    std::string rows() {
        return scalar(
            "SELECT group_concat(r, ' ') FROM (SELECT 'p' || id || ':' || author_id AS r FROM "
            "posts UNION ALL SELECT 'r' || id || ':' || author_id FROM reviews ORDER BY 1)");
    }

    // The rebuild as people write it from SQLite's page: the PRAGMA lines included (inside
    // deckhand's transaction they do nothing, and deckhand does what they ask).
    static std::string rebuild_authors(const std::string& copy_condition) {
        return "PRAGMA foreign_keys = OFF;\n"
               "CREATE TABLE new_authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL,\n"
               "  email TEXT);\n"
               "INSERT INTO new_authors (id, name) SELECT id, name FROM authors" +
               copy_condition +
               ";\n"
               "DROP TABLE authors;\n"
               "ALTER TABLE new_authors RENAME TO authors;\n"
               "CREATE INDEX authors_name ON authors (name);\n"
               "PRAGMA foreign_key_check;\n"
               "PRAGMA foreign_keys = ON;\n";
    }
};

TEST_P(SqliteRebuild, KeepsEveryRowOfCascadingAndRestrictingChildren) {
    const std::string before = rows();
    ASSERT_EQ(before, "p10:1 p11:1 p12:2 p13:3 r20:2 r21:3");
    write("V3__authors_email.sql", rebuild_authors(""));
    run_migrate();
    EXPECT_EQ(rows(), before);
    EXPECT_EQ(scalar("SELECT count(*) FROM authors WHERE email IS NULL"), "3");
    EXPECT_TRUE(history().back().success);
    // Enforcement is back on the session that migrated, and the children still reference the
    // rebuilt table.
    EXPECT_EQ(scalar("PRAGMA foreign_keys"), "1");
    EXPECT_THAT(error_of([&] { db().execute_script("INSERT INTO posts VALUES (14, 9, 'x');"); }),
                HasSubstr("FOREIGN KEY constraint failed"));
    db().execute_script("DELETE FROM authors WHERE id = 1;");
    EXPECT_EQ(scalar("SELECT count(*) FROM posts WHERE author_id = 1"), "0");  // cascaded
}

TEST_P(SqliteRebuild, KeepsTheRowsOfCascadingChildrenThatEnforcementWouldDeleteSilently) {
    // With foreign keys enforced, DROP TABLE authors would delete every post through ON DELETE
    // CASCADE, and the script would succeed.
    write("V3__no_reviews.sql", "DROP TABLE reviews;");
    write("V4__authors_email.sql", rebuild_authors(""));
    run_migrate();
    EXPECT_EQ(scalar("SELECT group_concat(id || ':' || author_id, ' ') FROM (SELECT * FROM posts "
                     "ORDER BY id)"),
              "10:1 11:1 12:2 13:3");
}

TEST_P(SqliteRebuild, RefusesARebuildThatWouldOrphanRowsAndChangesNothing) {
    const std::string before = dump();
    write("V3__lose_grace.sql", rebuild_authors(" WHERE id <> 2"));
    write("V4__later.sql", "CREATE TABLE later (x INTEGER);");
    int exit_status = 0;
    const std::string message = error_of([&] { run_migrate(); }, &exit_status);
    EXPECT_EQ(exit_status, 1);
    EXPECT_EQ(message, (migrations_dir() / "V3__lose_grace.sql").generic_string() +
                           ": the script leaves rows whose foreign key matches no row of the "
                           "table it references (PRAGMA foreign_key_check): row 12 of posts "
                           "(author_id) has no match in authors; row 20 of reviews (author_id) "
                           "has no match in authors (the script was rolled back and no later "
                           "migration ran)");
    EXPECT_EQ(dump(), before);
    EXPECT_EQ(scalar("PRAGMA foreign_keys"), "1");
}

TEST_P(SqliteRebuild, NamesTheFirstOrphansAndCountsTheRest) {
    std::string inserts;
    for (int id = 100; id < 130; ++id) {
        inserts += "INSERT INTO posts VALUES (" + std::to_string(id) + ", 3, 'x');\n";
    }
    write("V3__many.sql", inserts);
    run_migrate();
    write("V4__drop_edsger.sql", "DELETE FROM authors WHERE id = 3;");
    const std::string message = error_of([&] { run_migrate(); });
    EXPECT_THAT(message, HasSubstr("row 13 of posts (author_id) has no match in authors; row 100 "
                                   "of posts"));
    EXPECT_THAT(message, HasSubstr("; and 22 more rows (the script was rolled back"));
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "3");
}

TEST_P(SqliteRebuild, RenamesAParentAndItsChildrenFollow) {
    // Foreign keys unenforced do not stop SQLite (3.26 and later, legacy_alter_table off) from
    // rewriting the children's REFERENCES when their parent is renamed.
    const std::string before = rows();
    write("V3__rename.sql", "ALTER TABLE authors RENAME TO writers;\n");
    run_migrate();
    EXPECT_EQ(rows(), before);
    EXPECT_THAT(scalar("SELECT sql FROM sqlite_master WHERE name = 'posts'"),
                HasSubstr("REFERENCES \"writers\""));
    EXPECT_THAT(scalar("SELECT sql FROM sqlite_master WHERE name = 'reviews'"),
                HasSubstr("REFERENCES \"writers\""));
    EXPECT_THAT(error_of([&] { db().execute_script("DELETE FROM writers WHERE id = 2;"); }),
                HasSubstr("FOREIGN KEY constraint failed"));  // reviews restrict it
}

TEST_P(SqliteRebuild, ToleratesOrphansThatWereThereBeforeAndRefusesNewOnes) {
    // Made by another program with foreign keys off (the sqlite3 shell's default).
    db().execute_script(
        "PRAGMA foreign_keys = OFF; INSERT INTO posts VALUES (50, 77, 'old');"
        "PRAGMA foreign_keys = ON;");
    write("V3__harmless.sql", "CREATE TABLE tags (name TEXT);");
    run_migrate();
    EXPECT_TRUE(history().back().success);
    write("V4__orphan.sql", "INSERT INTO reviews VALUES (60, 88, 1);");
    const std::string message = error_of([&] { run_migrate(); });
    EXPECT_THAT(message, HasSubstr(": row 60 of reviews (author_id) has no match in authors ("));
    EXPECT_THAT(message, ::testing::Not(HasSubstr("row 50")));
}

TEST_P(SqliteRebuild, RunsANoTransactionRebuildWithDeckhandsOwnSessionAroundIt) {
    // SQLite's page writes the steps with BEGIN and COMMIT of their own, which only a
    // no-transaction script may hold; the script's last PRAGMA is forgotten here, and the
    // session gets enforcement back anyway.
    const std::string before = rows();
    write("V3__rebuild.sql",
          "-- deckhand:no-transaction\n"
          "PRAGMA foreign_keys = OFF;\n"
          "BEGIN TRANSACTION;\n"
          "CREATE TABLE new_authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER);\n"
          "INSERT INTO new_authors (id, name) SELECT id, name FROM authors;\n"
          "DROP TABLE authors;\n"
          "ALTER TABLE new_authors RENAME TO authors;\n"
          "PRAGMA foreign_key_check;\n"
          "COMMIT;\n");
    run_migrate();
    EXPECT_EQ(rows(), before);
    EXPECT_EQ(scalar("PRAGMA foreign_keys"), "1");
    EXPECT_TRUE(history().back().success);
}

TEST_P(SqliteRebuild, RecordsANoTransactionScriptThatOrphansRowsAsFailed) {
    write("V3__drop.sql",
          "-- deckhand:no-transaction\n"
          "DELETE FROM authors WHERE id = 2;\n");
    int exit_status = 0;
    const std::string message = error_of([&] { run_migrate(); }, &exit_status);
    EXPECT_EQ(exit_status, 1);
    EXPECT_THAT(message, StartsWith((migrations_dir() / "V3__drop.sql").generic_string() +
                                    ": the script leaves rows whose foreign key"));
    EXPECT_THAT(message, HasSubstr("row 12 of posts (author_id) has no match in authors"));
    EXPECT_THAT(message, HasSubstr("its statements took effect, and it is recorded as failed "
                                   "until `deckhand repair`"));
    EXPECT_FALSE(history().back().success);
    EXPECT_EQ(scalar("PRAGMA foreign_keys"), "1");
}

INSTANTIATE_TEST_SUITE_P(Dialects, SqliteRebuild, ::testing::Values(Backend::sqlite), backend_name);

}  // namespace
}  // namespace deckhand::test
