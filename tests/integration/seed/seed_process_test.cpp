// The deckhand executable seeding as a user does: the sample application's seed after migrate,
// a second run that changes nothing, and the production guard's exit status.
#include <gtest/gtest.h>

#include <filesystem>

#include "plugin_fixture.hpp"

namespace deckhand::test {
namespace {

std::string shown(const ProcessResult& result) {
    return "exit " + std::to_string(result.exit_code) + "\nstdout:\n" + result.out + "\nstderr:\n" +
           result.err;
}

class SeedProcess : public PluginTest {};

DECKHAND_ON_SQLITE_AND_POSTGRES(SeedProcess);

TEST_P(SeedProcess, TheSampleApplicationSeedsOnceAfterMigrate) {
    copy_sample_application();
    auto early = deckhand({"seed"});
    EXPECT_EQ(early.exit_code, 1) << shown(early);
    EXPECT_NE(early.err.find("run `deckhand migrate` first"), std::string::npos) << shown(early);

    ASSERT_EQ(deckhand({"migrate"}).exit_code, 0);
    auto seeded = deckhand({"seed"});
    ASSERT_EQ(seeded.exit_code, 0) << shown(seeded);
    EXPECT_NE(seeded.err.find("seeded 3 scripts"), std::string::npos) << shown(seeded);
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "3");
    EXPECT_EQ(scalar("SELECT count(*) FROM categories"), "4");
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "6");
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE category_id IS NULL"), "0");
    // The authors' script runs first (00_), so every post finds its author.
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE author_id IS NULL"), "0");
    EXPECT_EQ(scalar("SELECT count(*) FROM published_blog_posts"), "5");
    EXPECT_EQ(scalar("SELECT author FROM published_blog_posts WHERE slug = 'hello-world'"),
              "Maya Okafor");

    auto again = deckhand({"seed"});
    ASSERT_EQ(again.exit_code, 0) << shown(again);
    EXPECT_NE(again.err.find("nothing to seed"), std::string::npos) << shown(again);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "6");

    // An edited seed file re-applies cleanly: the sample's upserts update what is there.
    const auto posts = migrations_dir() / "seed" / "02_blog_posts.sql";
    std::string text = read_file(posts);
    const std::string from = "'Hello, world'";
    text.replace(text.find(from), from.size(), "'Hello again, world'");
    write("migrations/seed/02_blog_posts.sql", text);
    auto edited = deckhand({"seed"});
    ASSERT_EQ(edited.exit_code, 0) << shown(edited);
    EXPECT_EQ(scalar("SELECT title FROM blog_posts WHERE slug = 'hello-world'"),
              "Hello again, world");
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "6");

    // After the post-deployment migrations too (the sample drops a column there).
    ASSERT_EQ(deckhand({"migrate", "--phase", "post"}).exit_code, 0);
    auto dry = deckhand({"seed", "--dry-run", "--phase", "all"});
    ASSERT_EQ(dry.exit_code, 0) << shown(dry);
    EXPECT_EQ(dry.out, "-- dry run: nothing to seed; 3 seed scripts are applied and unchanged\n");
}

// A development database seeded by release 2, before there were authors: the next seed runs the
// new authors' script and the changed posts' script, in that order, and leaves the categories'
// script alone.
TEST_P(SeedProcess, ADatabaseSeededBeforeAuthorsGetsThemOnTheNextSeed) {
    copy_sample_application();
    const auto seed_dir = migrations_dir() / "seed";
    const std::string posts = read_file(seed_dir / "02_blog_posts.sql");
    std::filesystem::remove(seed_dir / "00_authors.sql");
    write("migrations/seed/02_blog_posts.sql",
          "INSERT INTO blog_posts (title, slug, body, published_at, category_id) VALUES\n"
          "    ('Hello, world', 'hello-world', 'The first post of the sample blog.',\n"
          "     '2023-03-14 09:00:00', (SELECT id FROM categories WHERE name = 'News'))\n"
          "ON CONFLICT (slug) DO NOTHING;\n");
    ASSERT_EQ(deckhand({"migrate"}).exit_code, 0);
    auto before = deckhand({"seed"});
    ASSERT_EQ(before.exit_code, 0) << shown(before);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE author_id IS NULL"), "1");

    copy_sample_application();
    ASSERT_EQ(read_file(seed_dir / "02_blog_posts.sql"), posts);
    auto dry = deckhand({"seed", "--dry-run"});
    ASSERT_EQ(dry.exit_code, 0) << shown(dry);
    EXPECT_EQ(dry.out,
              "-- dry run: 2 seed scripts would run (1 unchanged); nothing was changed\n"
              "migrations/seed/00_authors.sql (new)\n"
              "migrations/seed/02_blog_posts.sql (changed)\n");
    auto after = deckhand({"seed"});
    ASSERT_EQ(after.exit_code, 0) << shown(after);
    EXPECT_NE(after.err.find("seeded 2 scripts"), std::string::npos) << shown(after);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "6");
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE author_id IS NULL"), "0");
    EXPECT_EQ(scalar("SELECT a.email FROM blog_posts p JOIN authors a ON a.id = p.author_id "
                     "WHERE p.slug = 'hello-world'"),
              "maya@example.com");
}

TEST_P(SeedProcess, ProductionIsRefusedWithExitTwoUnlessAllowed) {
    copy_sample_application();
    ASSERT_EQ(deckhand({"migrate"}).exit_code, 0);
    auto refused = deckhand({"--environment", "production", "seed"});
    EXPECT_EQ(refused.exit_code, 2) << shown(refused);
    EXPECT_NE(refused.err.find("refusing to seed: the environment is 'production'"),
              std::string::npos)
        << shown(refused);
    ProcessOptions production;
    production.set_env["DECKHAND_ENVIRONMENT"] = "production";
    EXPECT_EQ(deckhand({"seed"}, production).exit_code, 2);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "0");

    production.set_env["DECKHAND_ENVIRONMENT"] = "PRODUCTION";  // names compare without case
    EXPECT_EQ(deckhand({"seed"}, production).exit_code, 2);
    EXPECT_EQ(deckhand({"--environment", "Prod", "seed"}).exit_code, 2);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "0");
    auto dry = deckhand({"seed", "--dry-run"}, production);  // a dry run writes nothing
    EXPECT_EQ(dry.exit_code, 0) << shown(dry);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "0");

    auto allowed = deckhand({"seed", "--allow-production"}, production);
    EXPECT_EQ(allowed.exit_code, 0) << shown(allowed);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "6");
}

TEST_P(SeedProcess, MigrateFirstThenSeedInOneCommand) {
    copy_sample_application();
    auto both = deckhand({"seed", "--migrate"});
    ASSERT_EQ(both.exit_code, 0) << shown(both);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "6");
}

}  // namespace
}  // namespace deckhand::test
