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

std::unique_ptr<db::Connection> open_as(const std::filesystem::path& file, db::OpenMode mode) {
    db::ConnectOptions options;
    options.mode = mode;
    return sqlite::open_sqlite(sqlite_url(file), options);
}

TEST(SqliteOpen, WithoutCreateAMissingFileIsAConfigErrorAndNothingIsMade) {
    TempDir dir;
    std::filesystem::create_symlink(dir / "elsewhere.db", dir / "dangling.db");
    for (const char* name : {"app.db", "dangling.db"}) {
        for (const auto mode : {db::OpenMode::existing, db::OpenMode::read_only}) {
            try {
                open_as(dir / name, mode);
                FAIL() << "opening the missing " << name << " succeeded";
            } catch (const ConfigError& error) {
                EXPECT_THAT(error.what(), HasSubstr("the SQLite database '" +
                                                    (dir / name).string() + "' does not exist"));
            }
        }
    }
    std::vector<std::string> left;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        left.push_back(entry.path().filename().string());
    }
    EXPECT_THAT(left, ::testing::ElementsAre("dangling.db"));
}

TEST(SqliteOpen, ReadOnlyReadsAWalDatabaseAndRefusesWrites) {
    TempDir dir;
    {
        auto writer = open_database(dir / "app.db");
        writer->execute_script("CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    }
    ASSERT_FALSE(std::filesystem::exists(dir / "app.db-wal"));
    auto reader = open_as(dir / "app.db", db::OpenMode::read_only);
    EXPECT_EQ(single_value(*reader, "SELECT count(*) FROM t"), "1");
    reader->begin();  // a read transaction: no write lock to take
    EXPECT_EQ(single_value(*reader, "SELECT count(*) FROM t"), "1");
    reader->rollback();
    EXPECT_THROW(reader->execute_script("INSERT INTO t VALUES (2)"), db::DatabaseError);

    // A writer's committed work in the -wal file is seen, its open transaction is not.
    auto writer = open_database(dir / "app.db");
    writer->execute_script("PRAGMA wal_autocheckpoint = 0; INSERT INTO t VALUES (2);");
    writer->begin();
    writer->execute_script("INSERT INTO t VALUES (3)");
    auto second = open_as(dir / "app.db", db::OpenMode::read_only);
    EXPECT_EQ(single_value(*second, "SELECT count(*) FROM t"), "2");
    writer->commit();
    EXPECT_EQ(single_value(*second, "SELECT count(*) FROM t"), "3");
    EXPECT_EQ(single_value(*second, "PRAGMA journal_mode"), "wal");
}

TEST(SqliteOpen, ExistingOpensAnExistingFileForWriting) {
    TempDir dir;
    open_database(dir / "app.db")->execute_script("CREATE TABLE t(x)");
    auto connection = open_as(dir / "app.db", db::OpenMode::existing);
    connection->execute_script("INSERT INTO t VALUES (1)");
    EXPECT_EQ(single_value(*connection, "SELECT count(*) FROM t"), "1");
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
