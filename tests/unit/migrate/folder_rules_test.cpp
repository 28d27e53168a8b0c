// How the migrate engine reads a migrations folder: the dialect it is given, every other dialect
// the drivers declare passed over, post/ for the post phase, seed/ left to `deckhand seed`.
#include "deckhand/migrate/folder_rules.hpp"

#include <gtest/gtest.h>

namespace deckhand::migrate {
namespace {

TEST(FolderRules, PassOverEveryOtherDeclaredDialectAndSeed) {
    const auto rules = folder_rules("sqlite", {"mysql", "postgres", "sqlite"});
    EXPECT_EQ(rules.dialect, "sqlite");
    EXPECT_EQ(rules.other_dialects, (std::vector<std::string>{"mysql", "postgres"}));
    EXPECT_EQ(rules.post_folder, "post");
    EXPECT_EQ(rules.not_migrations, std::vector<std::string>{"seed"});
}

TEST(FolderRules, KnowNoDialectThatNoDriverDeclares) {
    // With only a third-party driver in the plugin folders, postgres/ is no dialect's folder.
    const auto rules = folder_rules("mysql", {"mysql"});
    EXPECT_TRUE(rules.other_dialects.empty());
    EXPECT_EQ(rules.dialect, "mysql");
}

}  // namespace
}  // namespace deckhand::migrate
