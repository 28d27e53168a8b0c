// Issue 10.4 through the installed binary: a configuration error creates no file. A broken
// migrations folder (a duplicate version, a dangling symlink) stops migrate, baseline and seed
// before the SQLite database is opened; status, validate, doctor, repair, tasks and sql never
// create a database on a mistyped path, and say so in one sentence naming it. Read-only
// commands still work on an existing WAL database, with or without a writer holding it open.
#include <sqlite3.h>

#include <set>

#include "e2e_fixture.hpp"

namespace fs = std::filesystem;
using deckhand::test::InstalledDeckhand;
using deckhand::test::lines_with;
using deckhand::test::ProcessResult;
using deckhand::test::shown;
using testing::HasSubstr;

namespace {

class NoFilesEndToEnd : public InstalledDeckhand {
  protected:
    // Every path under the work folder, relative to it (symlinks not followed).
    std::set<std::string> files() const {
        std::set<std::string> found;
        for (const auto& entry : fs::recursive_directory_iterator(work().path())) {
            found.insert(fs::relative(entry.path(), work().path()).string());
        }
        return found;
    }

    // Runs deckhand on `database` (relative to the work folder).
    ProcessResult on(const std::string& database, std::vector<std::string> args) const {
        args.insert(args.begin(), {"--database-url", "sqlite:" + database});
        return deckhand(args);
    }

    // Asserts that `args` on app.db failed with `exit_code`, said `why` in a line naming
    // `named`, and created no file at all (no database, -wal, -shm or lock file).
    void expect_nothing_created(const std::vector<std::string>& args, int exit_code,
                                const std::string& named, const std::string& why) const {
        const auto before = files();
        const auto result = on("app.db", args);
        const std::string& command = args.front();
        EXPECT_EQ(result.exit_code, exit_code) << command << ": " << shown(result);
        const auto lines = lines_with(result.err + result.out, named);
        ASSERT_FALSE(lines.empty()) << command << ": " << shown(result);
        EXPECT_THAT(lines.front(), HasSubstr(why)) << command << ": " << shown(result);
        EXPECT_EQ(files(), before) << command << " created a file: " << shown(result);
        for (const char* suffix : {"", "-wal", "-shm", "-journal", ".deckhand-lock"}) {
            EXPECT_FALSE(fs::exists(work() / ("app.db" + std::string(suffix))))
                << command << " left app.db" << suffix;
        }
    }

    void write_posts_migration() const {
        work().write("migrations/V1__create_posts.sql",
                     "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT);\n"
                     "INSERT INTO posts (title) VALUES ('first');\n");
    }
    void write_tasks() const {
        work().write("commands/count_posts.sql",
                     "-- deckhand:command count-posts\n"
                     "-- deckhand:summary Count the posts\n"
                     "-- deckhand:read-only\n"
                     "SELECT count(*) AS posts FROM posts;\n");
        work().write("commands/add_post.sql",
                     "-- deckhand:command add-post\n"
                     "-- deckhand:summary Add a post\n"
                     "INSERT INTO posts (title) VALUES ('added');\n");
        work().write("count.sql", "SELECT count(*) AS posts FROM posts;\n");
    }
};

TEST_F(NoFilesEndToEnd, ADuplicateVersionCreatesNoDatabase) {
    write_posts_migration();
    work().write("migrations/V1__create_authors.sql", "CREATE TABLE authors (id INTEGER);\n");
    work().write("migrations/seed/01_posts.sql", "INSERT INTO posts (title) VALUES ('seed');\n");
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"migrate"}, {"baseline", "--version", "1"}, {"seed"}}) {
        expect_nothing_created(args, 2, "V1__create_authors.sql", "version 1");
    }
}

TEST_F(NoFilesEndToEnd, ADanglingSymlinkCreatesNoDatabase) {
    write_posts_migration();
    fs::create_symlink(work() / "elsewhere" / "V2__gone.sql",
                       work() / "migrations" / "V2__gone.sql");
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"migrate"}, {"baseline", "--version", "1"}}) {
        expect_nothing_created(args, 2, "V2__gone.sql", "V2__gone.sql");
    }
}

TEST_F(NoFilesEndToEnd, WhatStopsMigrateBeforeItsFirstScriptCreatesNoDatabase) {
    write_posts_migration();
    work().write("migrations/V2__grant.sql", "CREATE TABLE ${table_name} (id INTEGER);\n");
    expect_nothing_created({"migrate"}, 2, "V2__grant.sql", "table_name");
    work().write("migrations/V2__grant.sql", "CREATE TABLE audit (id INTEGER);\nCOMMIT;\n");
    expect_nothing_created({"migrate"}, 2, "V2__grant.sql", "COMMIT");

    // A dry run on a database that does not exist yet plans everything and creates nothing.
    work().write("migrations/V2__grant.sql", "CREATE TABLE audit (id INTEGER);\n");
    const auto before = files();
    const auto dry_run = on("app.db", {"migrate", "--dry-run"});
    EXPECT_EQ(dry_run.exit_code, 0) << shown(dry_run);
    EXPECT_THAT(dry_run.out, HasSubstr("V2__grant.sql")) << shown(dry_run);
    EXPECT_EQ(files(), before) << shown(dry_run);

    // The run proper creates it, and applies both scripts.
    const auto applied = on("app.db", {"migrate"});
    EXPECT_EQ(applied.exit_code, 0) << shown(applied);
    EXPECT_TRUE(fs::exists(work() / "app.db"));
    const auto status = on("app.db", {"status", "--fail-on-pending"});
    EXPECT_EQ(status.exit_code, 0) << shown(status);
}

TEST_F(NoFilesEndToEnd, CommandsThatOnlyLookNeverCreateTheDatabase) {
    write_posts_migration();
    write_tasks();
    const std::string why = "the SQLite database 'app.db' does not exist";
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"status"},
                                               {"validate"},
                                               {"repair"},
                                               {"count-posts"},
                                               {"add-post"},
                                               {"add-post", "--dry-run"},
                                               {"sql", "count.sql"},
                                               {"sql", "count.sql", "--read-only"},
                                               {"sql", "count.sql", "--dry-run"}}) {
        expect_nothing_created(args, 2, "app.db", why);
    }
    // status --wait waits for a migrate to create the file, creating nothing meanwhile.
    expect_nothing_created({"status", "--wait", "--timeout", "1s"}, 3, "app.db", why);
    // doctor reports the missing file as a failed check (exit 1) and goes on.
    expect_nothing_created({"doctor"}, 1, "does not exist", "app.db");
}

TEST_F(NoFilesEndToEnd, ADanglingSymlinkAsTheDatabaseIsMissingToo) {
    write_posts_migration();
    fs::create_symlink(work() / "gone" / "real.db", work() / "link.db");
    const auto result = on("link.db", {"status"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("the SQLite database 'link.db' does not exist"))
        << shown(result);
    EXPECT_FALSE(fs::exists(work() / "gone")) << shown(result);
}

// A writer keeps app.db open with committed work still in its -wal file and a transaction
// under way, as a running migration or the application would.
class HeldOpen {
  public:
    explicit HeldOpen(const fs::path& database) {
        if (sqlite3_open_v2(database.c_str(), &handle_, SQLITE_OPEN_READWRITE, nullptr) !=
            SQLITE_OK) {
            throw std::runtime_error("cannot open " + database.string());
        }
        sqlite3_exec(handle_, "PRAGMA wal_autocheckpoint = 0", nullptr, nullptr, nullptr);
        run("INSERT INTO posts (title) VALUES ('committed')");
        run("BEGIN IMMEDIATE");
        run("INSERT INTO posts (title) VALUES ('not yet')");
    }
    ~HeldOpen() { sqlite3_close_v2(handle_); }
    HeldOpen(const HeldOpen&) = delete;
    HeldOpen& operator=(const HeldOpen&) = delete;

    void run(const char* sql) {
        char* error = nullptr;
        if (sqlite3_exec(handle_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
            std::string message = error != nullptr ? error : "?";
            sqlite3_free(error);
            throw std::runtime_error(std::string(sql) + ": " + message);
        }
    }

  private:
    sqlite3* handle_ = nullptr;
};

TEST_F(NoFilesEndToEnd, ReadOnlyCommandsWorkOnAnExistingWalDatabase) {
    write_posts_migration();
    write_tasks();
    const auto migrated = on("app.db", {"migrate"});
    ASSERT_EQ(migrated.exit_code, 0) << shown(migrated);
    // migrate's connection checkpointed and removed its -wal file as it closed.
    ASSERT_FALSE(fs::exists(work() / "app.db-wal"));

    auto check_reads = [&](const std::string& posts) {
        const auto status = on("app.db", {"status"});
        EXPECT_EQ(status.exit_code, 0) << shown(status);
        EXPECT_THAT(status.out, HasSubstr("create posts")) << shown(status);
        const auto validate = on("app.db", {"validate"});
        EXPECT_EQ(validate.exit_code, 0) << shown(validate);
        const auto counted = on("app.db", {"count-posts", "--output", "json"});
        EXPECT_EQ(counted.exit_code, 0) << shown(counted);
        EXPECT_THAT(counted.out, HasSubstr("\"posts\": " + posts)) << shown(counted);
        const auto sql = on("app.db", {"sql", "count.sql", "--read-only", "--output", "json"});
        EXPECT_EQ(sql.exit_code, 0) << shown(sql);
        EXPECT_THAT(sql.out, HasSubstr("\"posts\": " + posts)) << shown(sql);
        const auto doctor = on("app.db", {"doctor"});
        EXPECT_THAT(doctor.out + doctor.err, HasSubstr("SQLite")) << shown(doctor);
    };
    check_reads("1");

    {
        HeldOpen writer(work() / "app.db");
        ASSERT_TRUE(fs::exists(work() / "app.db-wal"));
        check_reads("2");  // the committed row, not the one still in a transaction
        writer.run("COMMIT");
        const auto counted = on("app.db", {"count-posts", "--output", "json"});
        EXPECT_THAT(counted.out, HasSubstr("\"posts\": 3")) << shown(counted);
    }
    // A reader never writes: a task that tries fails, and the database keeps its rows.
    work().write("commands/sneaky.sql",
                 "-- deckhand:command sneaky\n-- deckhand:read-only\n"
                 "PRAGMA query_only = OFF;\nDELETE FROM posts;\n");
    const auto sneaky = on("app.db", {"sneaky"});
    EXPECT_EQ(sneaky.exit_code, 1) << shown(sneaky);
    const auto counted = on("app.db", {"count-posts", "--output", "json"});
    EXPECT_THAT(counted.out, HasSubstr("\"posts\": 3")) << shown(counted);
}

}  // namespace
