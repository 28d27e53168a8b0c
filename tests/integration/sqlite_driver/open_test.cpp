// Opening SQLite databases: where files may be, what is switched on, what the driver reports.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include "deckhand/db/errors.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/sqlite/sqlite_connection.hpp"
#include "sqlite_test_support.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(SqliteOpen, CreatesTheDatabaseFileWhenItIsMissing) {
    TempDir dir;
    auto connection = open_database(dir / "app.db");
    EXPECT_TRUE(std::filesystem::exists(dir / "app.db"));
}

TEST(SqliteOpen, AcceptsARelativePathAsTheUrlGivesIt) {
    TempDir dir;
    const auto previous = std::filesystem::current_path();
    std::filesystem::current_path(dir.path());
    try {
        auto connection =
            sqlite::open_sqlite(parse_database_url("sqlite:local.db", "the test"), {});
        connection->execute_script("CREATE TABLE t(x)");
    } catch (...) {
        std::filesystem::current_path(previous);
        throw;
    }
    std::filesystem::current_path(previous);
    EXPECT_TRUE(std::filesystem::exists(dir / "local.db"));
}

TEST(SqliteOpen, AFileInAMissingFolderIsAConfigErrorNamingTheFolder) {
    TempDir dir;
    const auto missing = dir / "no-such-folder";
    try {
        open_database(missing / "app.db");
        FAIL() << "opening a database in a missing folder succeeded";
    } catch (const ConfigError& error) {
        EXPECT_THAT(error.what(), HasSubstr(missing.string()));
        EXPECT_THAT(error.what(), HasSubstr("does not exist"));
    }
    EXPECT_FALSE(std::filesystem::exists(missing));
}

TEST(SqliteOpen, AFileThatIsNotADatabaseIsAConnectionErrorNamingThePath) {
    TempDir dir;
    const auto file = dir.write("notes.db", std::string(4096, 'x'));
    try {
        open_database(file);
        FAIL() << "opening a text file as a database succeeded";
    } catch (const db::ConnectionError& error) {
        EXPECT_THAT(error.what(), HasSubstr(file.string()));
        EXPECT_THAT(error.what(), HasSubstr("not a database"));
    }
}

TEST(SqliteOpen, AFolderInPlaceOfTheFileIsAConnectionErrorNamingThePath) {
    TempDir dir;
    std::filesystem::create_directory(dir / "app.db");
    try {
        open_database(dir / "app.db");
        FAIL() << "opening a folder as a database succeeded";
    } catch (const db::ConnectionError& error) {
        EXPECT_THAT(error.what(), HasSubstr((dir / "app.db").string()));
    }
}

TEST(SqliteOpen, FileDatabasesUseWriteAheadLogging) {
    TempDir dir;
    auto connection = open_database(dir / "app.db");
    EXPECT_EQ(single_value(*connection, "PRAGMA journal_mode"), "wal");
}

TEST(SqliteOpen, ForeignKeysAreEnforced) {
    TempDir dir;
    auto connection = open_database(dir / "app.db");
    EXPECT_EQ(single_value(*connection, "PRAGMA foreign_keys"), "1");
    connection->execute_script(
        "CREATE TABLE authors(id INTEGER PRIMARY KEY);"
        "CREATE TABLE posts(id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors(id));");
    try {
        connection->query("INSERT INTO posts(author_id) VALUES ($1)", {std::int64_t{42}});
        FAIL() << "a post without its author was accepted";
    } catch (const db::DatabaseError& error) {
        EXPECT_EQ(error.code(), "SQLITE_CONSTRAINT_FOREIGNKEY");
    }
}

TEST(SqliteOpen, InMemoryDatabasesArePrivateToTheirConnection) {
    auto first = open_memory_database();
    auto second = open_memory_database();
    first->execute_script("CREATE TABLE only_here(x)");
    EXPECT_EQ(single_value(*first, "SELECT count(*) FROM sqlite_schema WHERE name = 'only_here'"),
              "1");
    EXPECT_EQ(single_value(*second, "SELECT count(*) FROM sqlite_schema WHERE name = 'only_here'"),
              "0");
}

TEST(SqliteOpen, ReportsTheDialectCapabilitiesVersionAndUser) {
    auto connection = open_memory_database();
    EXPECT_EQ(connection->dialect(), "sqlite");
    const auto capabilities = connection->capabilities();
    EXPECT_TRUE(capabilities.transactional_ddl);
    EXPECT_FALSE(capabilities.advisory_locks);
    EXPECT_FALSE(capabilities.concurrent_index);
    EXPECT_THAT(connection->server_version(), StartsWith("SQLite 3."));
    EXPECT_EQ(connection->server_version(),
              "SQLite " + single_value(*connection, "SELECT sqlite_version()"));
    const passwd* entry = getpwuid(geteuid());
    ASSERT_NE(entry, nullptr);
    EXPECT_EQ(connection->current_user(), entry->pw_name);
}

}  // namespace
}  // namespace deckhand::test
