// The sample application in migrations/: one folder that migrates SQLite and PostgreSQL,
// release by release, with its post-deployment step. Release 1 is blog_posts, release 2 adds
// categories (and drops tags after its rollout, post/V5), release 3 adds authors (V6 to V8).
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>

#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using script::Phase;
using SampleApplicationTest = MigrateTest;

void copy_sample(const std::filesystem::path& to) {
    std::filesystem::copy(std::filesystem::path(DECKHAND_TEST_SOURCE_DIR) / "migrations", to,
                          std::filesystem::copy_options::recursive |
                              std::filesystem::copy_options::overwrite_existing);
}

// The sample as release 2 shipped it: without release 3's scripts, and with the view as it was
// before it showed authors.
void copy_sample_release_two(const std::filesystem::path& to) {
    copy_sample(to);
    for (const char* dialect : {"sqlite", "postgres"}) {
        for (const char* script : {"V6__create_authors.sql", "V7__add_author_to_blog_posts.sql",
                                   "V8__index_blog_posts_author.sql"}) {
            ASSERT_TRUE(std::filesystem::remove(to / dialect / script)) << dialect << "/" << script;
        }
    }
    std::ofstream(to / "R__published_blog_posts_view.sql")
        << "DROP VIEW IF EXISTS published_blog_posts;\n"
           "CREATE VIEW published_blog_posts AS\n"
           "SELECT p.id, p.title, p.slug, p.published_at, c.name AS category\n"
           "FROM blog_posts p\n"
           "LEFT JOIN categories c ON c.id = p.category_id\n"
           "WHERE p.published_at IS NOT NULL AND NOT p.archived;\n";
}

TEST_P(SampleApplicationTest, MigratesBeforeAndAfterTheRollout) {
    copy_sample(migrations_dir());
    auto pre = run_migrate();
    EXPECT_EQ(pre.versioned, 7u);  // V1 to V4 and V6 to V8; post/V5 waits for the rollout
    auto current = status();
    EXPECT_TRUE(current.is_current(Phase::pre));
    EXPECT_FALSE(current.is_current(Phase::post));

    // The release-1 application, which knows neither categories nor category_id, still writes.
    db().execute_script(
        "INSERT INTO blog_posts (title, slug, body, tags, published_at) VALUES "
        "('Hello', 'hello', 'First post', 'news,misc', CURRENT_TIMESTAMP)");
    // Release 2 files posts under categories.
    db().execute_script("INSERT INTO categories (name) VALUES ('News')");
    db().execute_script(
        "UPDATE blog_posts SET category_id = (SELECT id FROM categories WHERE name = 'News')");
    EXPECT_EQ(scalar("SELECT category FROM published_blog_posts WHERE slug = 'hello'"), "News");
    // Release 3 gives posts an author; a post without one is still published.
    EXPECT_EQ(scalar("SELECT count(*) FROM published_blog_posts WHERE author IS NULL"), "1");
    db().execute_script("INSERT INTO authors (name, email) VALUES ('Ada', 'ada@example.com')");
    db().execute_script(
        "UPDATE blog_posts SET author_id = (SELECT id FROM authors WHERE email = "
        "'ada@example.com')");
    EXPECT_EQ(scalar("SELECT author FROM published_blog_posts WHERE slug = 'hello'"), "Ada");
    if (on_postgres()) {
        for (const char* index : {"blog_posts_category_id_idx", "blog_posts_author_id_idx"}) {
            EXPECT_EQ(scalar(std::string("SELECT indisvalid FROM pg_index WHERE indexrelid = '") +
                             index + "'::regclass"),
                      "t")
                << index;
        }
        for (const char* key : {"blog_posts_category_id_fkey", "blog_posts_author_id_fkey"}) {
            EXPECT_EQ(
                scalar(std::string("SELECT convalidated FROM pg_constraint WHERE conname = '") +
                       key + "'"),
                "t")
                << key;
        }
    }

    // After the rollout: the contract step.
    migrate::MigrateOptions post;
    post.phase = Phase::post;
    EXPECT_EQ(run_migrate(post).applied.size(), 1u);
    EXPECT_TRUE(status().is_current(Phase::all));
    EXPECT_EQ(scalar("SELECT title FROM published_blog_posts"), "Hello");
    EXPECT_TRUE(run_migrate({}).applied.empty());
}

TEST_P(SampleApplicationTest, MigratesInOneGoForDevelopment) {
    copy_sample(migrations_dir());
    migrate::MigrateOptions all;
    all.phase = Phase::all;
    auto result = run_migrate(all);
    // Versioned scripts in version order across the phases, then the view.
    std::vector<std::string> applied;
    for (const auto& script : result.applied) {
        applied.push_back(script.script);
    }
    const std::string dialect = on_postgres() ? "postgres/" : "sqlite/";
    EXPECT_THAT(
        applied,
        ::testing::ElementsAre(
            dialect + "V1__create_blog_posts.sql", dialect + "V2__create_categories.sql",
            dialect + "V3__add_category_to_blog_posts.sql",
            dialect + "V4__index_blog_posts_category.sql", "post/V5__drop_blog_posts_tags.sql",
            dialect + "V6__create_authors.sql", dialect + "V7__add_author_to_blog_posts.sql",
            dialect + "V8__index_blog_posts_author.sql", "R__published_blog_posts_view.sql"));
    EXPECT_TRUE(status().is_current(Phase::all));
}

// A database that release 2 left fully migrated, post-deployment step included, takes release
// 3's scripts in the default phase: version 6 follows the pre-deployment version 4 (phases are
// separate sequences), so nothing is out of order, and the changed view is re-applied.
TEST_P(SampleApplicationTest, ADatabaseAtReleaseTwoTakesReleaseThree) {
    copy_sample_release_two(migrations_dir());
    migrate::MigrateOptions all;
    all.phase = Phase::all;
    EXPECT_EQ(run_migrate(all).applied.size(), 6u);
    db().execute_script("INSERT INTO categories (name) VALUES ('News')");
    db().execute_script(
        "INSERT INTO blog_posts (title, slug, published_at, category_id) VALUES ('Old', 'old', "
        "CURRENT_TIMESTAMP, (SELECT id FROM categories WHERE name = 'News'))");

    copy_sample(migrations_dir());
    EXPECT_EQ(status_of_version("6"), migrate::MigrationState::pending);
    auto release_three = run_migrate();
    std::vector<std::string> applied;
    for (const auto& script : release_three.applied) {
        applied.push_back(script.script);
    }
    const std::string dialect = on_postgres() ? "postgres/" : "sqlite/";
    EXPECT_THAT(applied, ::testing::ElementsAre(dialect + "V6__create_authors.sql",
                                                dialect + "V7__add_author_to_blog_posts.sql",
                                                dialect + "V8__index_blog_posts_author.sql",
                                                "R__published_blog_posts_view.sql"));
    EXPECT_TRUE(status().is_current(Phase::all));

    // The existing post has no author and is still shown; release 2, which knows no authors,
    // still writes posts.
    EXPECT_EQ(scalar("SELECT category FROM published_blog_posts WHERE slug = 'old'"), "News");
    EXPECT_EQ(scalar("SELECT count(*) FROM published_blog_posts WHERE author IS NULL"), "1");
    db().execute_script(
        "INSERT INTO blog_posts (title, slug, published_at) VALUES ('Still', 'still', "
        "CURRENT_TIMESTAMP)");
    EXPECT_EQ(scalar("SELECT count(*) FROM published_blog_posts"), "2");
    EXPECT_TRUE(run_migrate(all).applied.empty());
}

DECKHAND_ON_BOTH_DIALECTS(SampleApplicationTest);

}  // namespace
}  // namespace deckhand::test
