// The deckhand executable seeding as a user does: the sample application's seed after migrate,
// a second run that changes nothing, and the production guard's exit status.
#include <gtest/gtest.h>

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
    EXPECT_NE(seeded.err.find("seeded 2 scripts"), std::string::npos) << shown(seeded);
    EXPECT_EQ(scalar("SELECT count(*) FROM categories"), "4");
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "6");
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE category_id IS NULL"), "0");
    EXPECT_EQ(scalar("SELECT count(*) FROM published_blog_posts"), "5");

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
    EXPECT_EQ(dry.out, "-- dry run: nothing to seed; 2 seed scripts are applied and unchanged\n");
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
