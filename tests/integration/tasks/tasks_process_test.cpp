// The deckhand executable running tasks as a user does: the sample application's tasks after
// migrate and seed, generated help, usage errors before any connection, clashes refused.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "plugin_fixture.hpp"

namespace deckhand::test {
namespace {

// Output of a run, for failure messages.
std::string shown(const ProcessResult& result) {
    return "exit " + std::to_string(result.exit_code) + "\nstdout:\n" + result.out + "\nstderr:\n" +
           result.err;
}

class TaskProcess : public PluginTest {};

DECKHAND_ON_SQLITE_AND_POSTGRES(TaskProcess);

TEST_P(TaskProcess, TheSampleTasksRunAfterMigrateAndSeed) {
    copy_sample_application();
    auto migrated = deckhand({"migrate"});
    ASSERT_EQ(migrated.exit_code, 0) << shown(migrated);
    auto seeded = deckhand({"seed"});
    ASSERT_EQ(seeded.exit_code, 0) << shown(seeded);

    auto dry = deckhand({"archive-posts", "--before", "2024-06-01", "--dry-run"});
    ASSERT_EQ(dry.exit_code, 0) << shown(dry);
    EXPECT_EQ(dry.out, "archive-posts: 3 rows affected; dry run, rolled back: nothing changed\n");
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE archived"), "0");

    auto archived = deckhand({"archive-posts", "--before", "2024-06-01"});
    ASSERT_EQ(archived.exit_code, 0) << shown(archived);
    EXPECT_EQ(archived.out, "archive-posts: 3 rows affected; committed\n");

    auto listed = deckhand({"list-posts", "--output", "json"});
    ASSERT_EQ(listed.exit_code, 0) << shown(listed);
    const auto visible = nlohmann::json::parse(listed.out)["statements"][0]["rows"];
    ASSERT_EQ(visible.size(), 3u) << listed.out;  // two published, one draft, none archived
    EXPECT_EQ(visible[0]["title"], "What comes next" == visible[2]["title"]
                                       ? visible[0]["title"]
                                       : nlohmann::json("How we write one-off tasks"));
    EXPECT_EQ(visible[2]["title"], "What comes next");  // drafts last
    EXPECT_EQ(visible[2]["author"], "Maya Okafor");

    auto all = deckhand({"list-posts", "--include-archived", "--category", "Engineering"});
    ASSERT_EQ(all.exit_code, 0) << shown(all);
    EXPECT_NE(all.out.find("(2 rows)"), std::string::npos) << all.out;

    // An author by email or by name.
    auto by_email = deckhand({"list-posts", "--include-archived", "--author", "jonas@example.com"});
    ASSERT_EQ(by_email.exit_code, 0) << shown(by_email);
    EXPECT_NE(by_email.out.find("(2 rows)"), std::string::npos) << by_email.out;
    EXPECT_NE(by_email.out.find("Jonas Lindqvist"), std::string::npos) << by_email.out;
    auto by_name = deckhand({"list-posts", "--author", "Priya Raman", "--output", "json"});
    ASSERT_EQ(by_name.exit_code, 0) << shown(by_name);
    const auto priya = nlohmann::json::parse(by_name.out)["statements"][0]["rows"];
    ASSERT_EQ(priya.size(), 1u) << by_name.out;  // her other post is archived
    EXPECT_EQ(priya[0]["title"], "How we write one-off tasks");

    auto moved = deckhand({"reassign-category", "--from", "Engineering", "--to", "Culture"});
    ASSERT_EQ(moved.exit_code, 0) << shown(moved);
    EXPECT_EQ(moved.out, "reassign-category: 2 rows affected; committed\n");
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts p JOIN categories c ON c.id = "
                     "p.category_id WHERE c.name = 'Culture'"),
              "3");

    auto nowhere = deckhand({"reassign-category", "--from", "Culture", "--to", "Nowhere"});
    ASSERT_EQ(nowhere.exit_code, 0) << shown(nowhere);
    EXPECT_EQ(nowhere.out, "reassign-category: 0 rows affected; committed\n");
}

TEST_P(TaskProcess, AHostileValueIsStoredVerbatimAndTheTableSurvives) {
    copy_sample_application();
    write("commands/add_category.sql",
          "-- deckhand:command add-category\n"
          "-- deckhand:summary Add a category\n"
          "-- deckhand:param name string required \"Its name\"\n"
          "INSERT INTO categories (name) VALUES (:name);\n");
    ASSERT_EQ(deckhand({"migrate"}).exit_code, 0);
    const std::string hostile = "x'); DROP TABLE blog_posts; --";
    auto added = deckhand({"add-category", "--name", hostile});
    ASSERT_EQ(added.exit_code, 0) << shown(added);
    EXPECT_TRUE(table_exists("blog_posts"));
    EXPECT_EQ(scalar("SELECT name FROM categories"), hostile);
}

TEST_P(TaskProcess, AFailingTaskExitsOneNamingFileAndLine) {
    copy_sample_application();
    ASSERT_EQ(deckhand({"migrate"}).exit_code, 0);
    write("commands/broken.sql",
          "-- deckhand:command broken\n"
          "INSERT INTO categories (name) VALUES ('kept out');\n"
          "INSERT INTO categories (nam) VALUES ('typo');\n");
    auto failed = deckhand({"broken"});
    EXPECT_EQ(failed.exit_code, 1) << shown(failed);
    EXPECT_NE(failed.err.find("commands/broken.sql:3: "), std::string::npos) << shown(failed);
    EXPECT_EQ(scalar("SELECT count(*) FROM categories"), "0");
}

TEST_P(TaskProcess, AnAdHocScriptDryRunLeavesNoChange) {
    copy_sample_application();
    ASSERT_EQ(deckhand({"migrate"}).exit_code, 0);
    ASSERT_EQ(deckhand({"seed"}).exit_code, 0);
    write("cleanup.sql", "DELETE FROM blog_posts WHERE published_at IS NULL;\n");
    auto dry = deckhand({"sql", "cleanup.sql", "--dry-run"});
    ASSERT_EQ(dry.exit_code, 0) << shown(dry);
    EXPECT_EQ(dry.out, "sql cleanup.sql: 1 row affected; dry run, rolled back: nothing changed\n");
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "6");
    auto real = deckhand({"sql", "cleanup.sql"});
    ASSERT_EQ(real.exit_code, 0) << shown(real);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "5");
}

TEST_P(TaskProcess, InProductionWhatMayWriteAsksForAllowProductionAndReadingDoesNot) {
    copy_sample_application();
    ASSERT_EQ(deckhand({"migrate"}).exit_code, 0);
    ASSERT_EQ(deckhand({"seed"}).exit_code, 0);
    ProcessOptions production;
    production.set_env["DECKHAND_ENVIRONMENT"] = "Production";  // names compare without case

    auto refused = deckhand({"archive-posts", "--before", "2024-06-01"}, production);
    EXPECT_EQ(refused.exit_code, 2) << shown(refused);
    EXPECT_NE(refused.err.find("refusing to run task archive-posts: the environment is "
                               "'Production', and the task may write"),
              std::string::npos)
        << shown(refused);
    EXPECT_NE(refused.err.find("--allow-production"), std::string::npos) << shown(refused);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE archived"), "0");
    auto dry = deckhand({"archive-posts", "--before", "2024-06-01", "--dry-run"}, production);
    EXPECT_EQ(dry.exit_code, 0) << shown(dry);
    auto allowed =
        deckhand({"archive-posts", "--before", "2024-06-01", "--allow-production"}, production);
    EXPECT_EQ(allowed.exit_code, 0) << shown(allowed);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE archived"), "3");

    // The sample's list-posts is marked read-only: a report needs no flag.
    auto listed = deckhand({"list-posts"}, production);
    EXPECT_EQ(listed.exit_code, 0) << shown(listed);

    // help says which ask for the flag.
    auto help_archive = deckhand({"help", "archive-posts"});
    EXPECT_NE(help_archive.out.find("--allow-production"), std::string::npos)
        << shown(help_archive);
    auto help_list = deckhand({"help", "list-posts"});
    EXPECT_NE(help_list.out.find("It only reads"), std::string::npos) << shown(help_list);
    auto help_sql = deckhand({"help", "sql"});
    EXPECT_NE(help_sql.out.find("--allow-production"), std::string::npos) << shown(help_sql);
    EXPECT_NE(help_sql.out.find("--read-only"), std::string::npos) << shown(help_sql);

    write("cleanup.sql", "DELETE FROM blog_posts WHERE published_at IS NULL;\n");
    write("report.sql", "SELECT count(*) AS posts FROM blog_posts;\n");
    auto script = deckhand({"--environment", "PROD", "sql", "cleanup.sql"});
    EXPECT_EQ(script.exit_code, 2) << shown(script);
    EXPECT_NE(script.err.find("refusing to run cleanup.sql: the environment is 'PROD'"),
              std::string::npos)
        << shown(script);
    EXPECT_EQ(deckhand({"sql", "cleanup.sql", "--dry-run"}, production).exit_code, 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "6");
    auto report = deckhand({"sql", "report.sql", "--read-only"}, production);
    EXPECT_EQ(report.exit_code, 0) << shown(report);
    EXPECT_NE(report.out.find('6'), std::string::npos) << shown(report);
    EXPECT_EQ(deckhand({"sql", "cleanup.sql", "--allow-production"}, production).exit_code, 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "5");
}

TEST_P(TaskProcess, WhatSaysItOnlyReadsIsHeldToItByTheDatabase) {
    copy_sample_application();
    ASSERT_EQ(deckhand({"migrate"}).exit_code, 0);
    ASSERT_EQ(deckhand({"seed"}).exit_code, 0);
    write("commands/sneaky.sql",
          "-- deckhand:command sneaky\n"
          "-- deckhand:read-only\n"
          "SELECT count(*) FROM blog_posts;\n"
          "UPDATE blog_posts SET archived = true;\n");
    ProcessOptions production;
    production.set_env["DECKHAND_ENVIRONMENT"] = "production";
    auto sneaky = deckhand({"sneaky"}, production);
    EXPECT_EQ(sneaky.exit_code, 1) << shown(sneaky);
    EXPECT_NE(sneaky.err.find("commands/sneaky.sql:4: "), std::string::npos) << shown(sneaky);
    EXPECT_NE(sneaky.err.find("read"), std::string::npos) << shown(sneaky);
    write("cleanup.sql", "DELETE FROM blog_posts;\n");
    auto script = deckhand({"sql", "cleanup.sql", "--read-only"}, production);
    EXPECT_EQ(script.exit_code, 1) << shown(script);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE archived"), "0");
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "6");

    // Switching reading off again keeps nothing either.
    write("commands/sly.sql",
          std::string("-- deckhand:command sly\n-- deckhand:read-only\n") +
              (on_postgres() ? "SET TRANSACTION READ WRITE;\n" : "PRAGMA query_only = OFF;\n") +
              "UPDATE blog_posts SET archived = true;\n");
    auto sly = deckhand({"sly"}, production);
    EXPECT_EQ(sly.exit_code, 1) << shown(sly);
    // PostgreSQL lets the write through, and deckhand finds the changed rows; SQLite opened the
    // file read-only (SQLITE_OPEN_READONLY), which no pragma switches off.
    EXPECT_NE(sly.err.find(on_postgres()
                               ? "commands/sly.sql: changed 6 rows in a run that says it only reads"
                               : "commands/sly.sql:4: attempt to write a readonly database"),
              std::string::npos)
        << shown(sly);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE archived"), "0");
}

TEST_P(TaskProcess, ASignalRollsTheTaskBackAndExitsWith128PlusN) {
    copy_sample_application();
    ASSERT_EQ(deckhand({"migrate"}).exit_code, 0);
    write("commands/slow.sql",
          std::string("-- deckhand:command slow\n"
                      "INSERT INTO categories (name) VALUES ('half done');\n") +
              (on_postgres() ? "SELECT pg_sleep(60);\n"
                             : "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
                               "WHERE n < 5000000000) SELECT count(*) FROM c;\n"));
    ProcessOptions options;
    options.working_dir = root();
    BackgroundProcess slow({deckhand_binary().string(), "--database-url", url_text(), "slow"},
                           options);
    // Signal once the long statement runs (PostgreSQL shows it; on SQLite, give it a moment):
    // a signal that came earlier would stop the task between statements, with the same result.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    if (on_postgres()) {
        while (scalar("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' "
                      "AND pid <> pg_backend_pid()") != "1" &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    }
    slow.signal(SIGTERM);
    auto ended = slow.wait_for(std::chrono::seconds(15));
    ASSERT_TRUE(ended.has_value()) << "deckhand did not stop within 15 s of SIGTERM";
    EXPECT_EQ(ended->exit_code, 128 + SIGTERM) << shown(*ended);
    EXPECT_EQ(scalar("SELECT count(*) FROM categories"), "0");
}

// Tasks of the sample application in a scratch folder, for runs that need no database.
class SampleFolder : public ::testing::Test {
  protected:
    void SetUp() override {
        std::filesystem::copy(std::filesystem::path(DECKHAND_TEST_SOURCE_DIR) / "commands",
                              dir_ / "commands", std::filesystem::copy_options::recursive);
        options_.working_dir = dir_.path();
    }
    TempDir dir_;
    ProcessOptions options_;
};

TEST_F(SampleFolder, HelpShowsTheOptionsATaskDeclares) {
    auto help = run_deckhand({"help", "archive-posts"}, options_);
    ASSERT_EQ(help.exit_code, 0) << shown(help);
    EXPECT_NE(help.out.find("Usage: deckhand archive-posts [options]"), std::string::npos)
        << help.out;
    EXPECT_NE(help.out.find("Archive blog posts published before a date"), std::string::npos);
    EXPECT_NE(help.out.find("--before YYYY-MM-DD"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("--dry-run"), std::string::npos);

    auto list = run_deckhand({"help"}, options_);
    EXPECT_NE(list.out.find("list-posts"), std::string::npos) << shown(list);
    EXPECT_NE(list.out.find("sql"), std::string::npos);
}

TEST_F(SampleFolder, ABadValueExitsTwoNamingTheParameterBeforeAnyConnection) {
    // A server that is not there: had deckhand connected, the error would say so.
    auto bad = run_deckhand({"--database-url", "postgres://app:secret@127.0.0.1:1/app",
                             "archive-posts", "--before", "2025-02-30"},
                            options_);
    EXPECT_EQ(bad.exit_code, 2) << shown(bad);
    EXPECT_NE(bad.err.find("deckhand: archive-posts --before expects a date"), std::string::npos)
        << shown(bad);
    EXPECT_EQ(bad.err.find("connect"), std::string::npos) << shown(bad);

    auto missing = run_deckhand(
        {"--database-url", "postgres://app:secret@127.0.0.1:1/app", "archive-posts"}, options_);
    EXPECT_EQ(missing.exit_code, 2) << shown(missing);
    EXPECT_NE(missing.err.find("--before"), std::string::npos) << shown(missing);

    auto limit = run_deckhand(
        {"--database-url", "postgres://app:secret@127.0.0.1:1/app", "list-posts", "--limit", "ten"},
        options_);
    EXPECT_EQ(limit.exit_code, 2) << shown(limit);
    EXPECT_NE(limit.err.find("--limit expects a whole number"), std::string::npos) << shown(limit);
}

TEST_F(SampleFolder, ATaskThatClashesWithACommandIsRefusedNamingBoth) {
    std::filesystem::create_directories(dir_ / "commands");
    dir_.write("commands/zz_migrate.sql",
               "-- deckhand:command migrate\n-- deckhand:summary Shadows migrate\nSELECT 1;\n");
    dir_.write("commands/zz_broken.sql",
               "-- deckhand:command broken-task\n-- deckhand:param n number\nSELECT :n;\n");
    auto help = run_deckhand({"help"}, options_);
    ASSERT_EQ(help.exit_code, 0) << shown(help);
    EXPECT_NE(help.err.find("task refused: commands/zz_migrate.sql:1 defines command 'migrate'"),
              std::string::npos)
        << shown(help);
    EXPECT_NE(help.err.find("migrate.so"), std::string::npos) << shown(help);
    EXPECT_NE(help.err.find("tasks.so"), std::string::npos) << shown(help);
    EXPECT_NE(help.err.find("commands/zz_broken.sql:2: unknown parameter type 'number'"),
              std::string::npos)
        << shown(help);
    // The other tasks still work; migrate is still the real one.
    EXPECT_NE(help.out.find("archive-posts"), std::string::npos);
    auto migrate_help = run_deckhand({"help", "migrate"}, options_);
    EXPECT_NE(migrate_help.out.find("Apply pending migrations"), std::string::npos)
        << shown(migrate_help);
}

}  // namespace
}  // namespace deckhand::test
