// The sample application in migrations/: one folder that migrates SQLite and PostgreSQL,
// release by release, with its post-deployment step.
#include <gmock/gmock.h>

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

TEST_P(SampleApplicationTest, MigratesBeforeAndAfterTheRollout) {
    copy_sample(migrations_dir());
    auto pre = run_migrate();
    EXPECT_EQ(pre.versioned, 4u);
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
    if (on_postgres()) {
        EXPECT_EQ(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                         "'blog_posts_category_id_idx'::regclass"),
                  "t");
        EXPECT_EQ(scalar("SELECT convalidated FROM pg_constraint WHERE conname = "
                         "'blog_posts_category_id_fkey'"),
                  "t");
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
    EXPECT_EQ(run_migrate(all).applied.size(), 6u);
    EXPECT_TRUE(status().is_current(Phase::all));
}

DECKHAND_ON_BOTH_DIALECTS(SampleApplicationTest);

}  // namespace
}  // namespace deckhand::test
