// The driver's steps around a migration script: foreign keys unenforced from before the
// script's transaction until after it, the rows a script orphaned named before its commit, and
// the session put back however the script ended.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "deckhand/db/errors.hpp"
#include "sqlite_test_support.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;

class SqliteMigrationScript : public ::testing::Test {
  protected:
    TempDir dir_;
    std::unique_ptr<db::Connection> connection_ = open_database(dir_ / "app.db");

    void SetUp() override {
        connection_->execute_script(
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent);"
            "CREATE TABLE pair (a TEXT, b TEXT, PRIMARY KEY (a, b), FOREIGN KEY (a, b) "
            "REFERENCES pair_parent (x, y)) WITHOUT ROWID;"
            "CREATE TABLE pair_parent (x TEXT, y TEXT, PRIMARY KEY (x, y));"
            "INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1);");
    }

    std::string enforced() { return single_value(*connection_, "PRAGMA foreign_keys"); }

    std::string check_error() {
        try {
            connection_->check_migration_script();
        } catch (const db::DatabaseError& error) {
            EXPECT_EQ(error.code(), "SQLITE_CONSTRAINT_FOREIGNKEY");
            return error.what();
        }
        return "(no error)";
    }
};

TEST_F(SqliteMigrationScript, UnenforcesForeignKeysForTheScriptOnly) {
    EXPECT_EQ(enforced(), "1");
    connection_->begin_migration_script();
    connection_->begin();
    EXPECT_EQ(enforced(), "0");
    connection_->execute_script("DELETE FROM parent; INSERT INTO parent VALUES (1);");
    EXPECT_EQ(check_error(), "(no error)");
    connection_->commit();
    connection_->end_migration_script();
    EXPECT_EQ(enforced(), "1");
    EXPECT_EQ(single_value(*connection_, "SELECT count(*) FROM child"), "1");
}

TEST_F(SqliteMigrationScript, NamesRowsWithAndWithoutRowidsThatTheScriptOrphaned) {
    connection_->begin_migration_script();
    connection_->begin();
    connection_->execute_script("DELETE FROM parent; INSERT INTO pair VALUES ('p', 'q');");
    EXPECT_EQ(check_error(),
              "the script leaves rows whose foreign key matches no row of the table it "
              "references (PRAGMA foreign_key_check): row 1 of child (parent_id) has no match "
              "in parent; a row of pair (a, b) has no match in pair_parent");
    connection_->end_migration_script();  // rolls back what the caller left open
    EXPECT_FALSE(connection_->in_transaction());
    EXPECT_EQ(enforced(), "1");
    EXPECT_EQ(single_value(*connection_, "SELECT count(*) FROM parent"), "1");
}

TEST_F(SqliteMigrationScript, BlamesAScriptOnlyForTheRowsItOrphaned) {
    // Each script is compared with the database as it was just before it, also when another
    // connection, or this one outside a script, orphaned rows in between.
    auto run_script = [&](const std::string& sql) {
        connection_->begin_migration_script();
        connection_->begin();
        connection_->execute_script(sql);
        std::string error = check_error();
        if (error == "(no error)") {
            connection_->commit();
        }
        connection_->end_migration_script();
        return error;
    };
    EXPECT_EQ(run_script("CREATE TABLE a (x INTEGER);"), "(no error)");
    auto other = open_database(dir_ / "app.db");
    other->execute_script("PRAGMA foreign_keys = OFF; INSERT INTO child VALUES (2, 42);");
    EXPECT_EQ(run_script("CREATE TABLE b (x INTEGER);"), "(no error)");
    connection_->execute_script(
        "PRAGMA foreign_keys = OFF; INSERT INTO child VALUES (3, 43);"
        "PRAGMA foreign_keys = ON;");
    EXPECT_EQ(run_script("INSERT INTO a VALUES (1);"), "(no error)");
    EXPECT_EQ(run_script("SELECT 1;"), "(no error)");
    EXPECT_THAT(run_script("INSERT INTO child VALUES (4, 44);"),
                ::testing::EndsWith(": row 4 of child (parent_id) has no match in parent"));
    EXPECT_THAT(run_script("DELETE FROM parent;"),
                ::testing::EndsWith(": row 1 of child (parent_id) has no match in parent"));
    EXPECT_EQ(single_value(*connection_, "SELECT count(*) FROM child"), "3");
}

TEST_F(SqliteMigrationScript, PutsBackASessionThatHadForeignKeysOff) {
    connection_->execute_script("PRAGMA foreign_keys = OFF;");
    connection_->begin_migration_script();
    connection_->end_migration_script();
    EXPECT_EQ(enforced(), "0");
}

TEST_F(SqliteMigrationScript, PutsEnforcementBackAfterAScriptThatTurnedItOnOrOff) {
    // Outside a transaction (a no-transaction script), the script's own PRAGMA takes effect.
    connection_->begin_migration_script();
    connection_->execute_script("PRAGMA foreign_keys = ON;");
    EXPECT_EQ(enforced(), "1");
    connection_->execute_script("PRAGMA foreign_keys = OFF;");
    connection_->end_migration_script();
    EXPECT_EQ(enforced(), "1");
    EXPECT_THAT(
        [&] {
            try {
                connection_->execute_script("INSERT INTO child VALUES (2, 99);");
            } catch (const db::DatabaseError& error) {
                return std::string(error.what());
            }
            return std::string("(no error)");
        }(),
        HasSubstr("FOREIGN KEY constraint failed"));
}

}  // namespace
}  // namespace deckhand::test
