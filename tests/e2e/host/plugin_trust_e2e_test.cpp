// Which plugin files deckhand trusts, as OpenSSH trusts authorized_keys: the resolved file and
// every folder on its resolved path must be owned by root or the user running deckhand and be
// writable by nobody else (a root-owned sticky folder such as /tmp excepted above the file's own
// folder). A refused plugin is a warning naming the file; its commands are then unknown.
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2e_fixture.hpp"

namespace fs = std::filesystem;
using deckhand::test::expect_refusal;
using deckhand::test::InstalledDeckhand;
using deckhand::test::lines_with;
using deckhand::test::ProcessResult;
using deckhand::test::shown;
using testing::HasSubstr;

namespace {

// The uid of an unprivileged account that is neither root nor the test's user.
uid_t other_user() {
    const passwd* nobody = getpwnam("nobody");
    return nobody != nullptr ? nobody->pw_uid : 65534;
}

// Gives `path` to the other user; only root may, and the suite runs as root in CI.
void give_away(const fs::path& path) {
    ASSERT_EQ(geteuid(), 0u) << "this test hands files to another user, which needs root";
    ASSERT_EQ(chown(path.c_str(), other_user(), static_cast<gid_t>(-1)), 0) << path;
}

// Asserts that the run warned once about `plugin` for `why`, and that greet was then unknown.
void expect_untrusted(const ProcessResult& result, const fs::path& plugin, const std::string& why) {
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("unknown command 'greet'")) << shown(result);
    auto warnings = lines_with(result.err, plugin.string());
    ASSERT_EQ(warnings.size(), 1u) << shown(result);
    EXPECT_THAT(warnings.front(), HasSubstr("warn")) << shown(result);
    EXPECT_THAT(warnings.front(), HasSubstr(why)) << shown(result);
}

fs::path greeter_build() {
    return fs::path(DECKHAND_TEST_PLUGIN_ROOT) / "greeter" / "greeter.so";
}

}  // namespace

class PluginTrustEndToEnd : public InstalledDeckhand {};

TEST_F(PluginTrustEndToEnd, APluginLinkedIntoAFolderEveryoneMayWriteIsRefused) {
    const auto open_folder = work().path() / "open";
    fs::create_directory(open_folder);
    fs::copy_file(greeter_build(), open_folder / "greeter.so");
    ASSERT_EQ(chmod(open_folder.c_str(), 0777), 0);  // no sticky bit: anyone may swap the file
    fs::create_symlink(open_folder / "greeter.so", plugins() / "greeter.so");
    expect_untrusted(deckhand({"greet"}), plugins() / "greeter.so",
                     "the folder " + open_folder.string() +
                         " on its path is not safe: users other than its owner can write to it "
                         "(mode 0777)");
}

TEST_F(PluginTrustEndToEnd, APluginBelowAFolderEveryoneMayWriteIsRefused) {
    const auto open_folder = work().path() / "open";
    fs::create_directories(open_folder / "plugins");
    fs::copy_file(greeter_build(), open_folder / "plugins" / "greeter.so");
    ASSERT_EQ(chmod(open_folder.c_str(), 0777), 0);  // anyone may rename plugins/ and put theirs
    auto result = deckhand({"--plugin-dir", (open_folder / "plugins").string(), "greet"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("refusing to load plugins from folder " +
                                      (open_folder / "plugins").string()))
        << shown(result);
}

TEST_F(PluginTrustEndToEnd, ARootOwnedStickyFolderAboveThePluginFolderIsTrusted) {
    const auto sticky = work().path() / "sticky";
    fs::create_directories(sticky / "plugins");
    fs::copy_file(greeter_build(), sticky / "plugins" / "greeter.so");
    ASSERT_EQ(chmod(sticky.c_str(), 01777), 0);  // as /tmp: nobody can move what is not theirs
    if (geteuid() == 0) {
        auto result = deckhand({"--plugin-dir", (sticky / "plugins").string(), "greet"});
        EXPECT_EQ(result.exit_code, 0) << shown(result);
        EXPECT_EQ(result.out, "hello, world\n");
    }
    // The folder holding the plugin itself gets no such exception.
    ASSERT_EQ(chmod((sticky / "plugins").c_str(), 01777), 0);
    auto refused = deckhand({"--plugin-dir", (sticky / "plugins").string(), "greet"});
    EXPECT_EQ(refused.exit_code, 2) << shown(refused);
    EXPECT_THAT(refused.err, HasSubstr("(mode 1777)")) << shown(refused);
}

TEST_F(PluginTrustEndToEnd, APluginAndFolderOwnedByAnotherUserAreRefusedWhenRunningAsRoot) {
    add_test_plugin("greeter");
    give_away(plugins() / "greeter.so");
    expect_untrusted(deckhand({"greet"}), plugins() / "greeter.so",
                     "is owned by uid " + std::to_string(other_user()));
    give_away(plugins());
    auto result = deckhand({"greet"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("refusing to load plugins from folder " + plugins().string() +
                                      ": it is owned by uid " + std::to_string(other_user())))
        << shown(result);
}

TEST_F(PluginTrustEndToEnd, AFolderAboveOwnedByAnotherUserMakesItsPluginsUntrusted) {
    const auto theirs = work().path() / "theirs";
    fs::create_directories(theirs / "plugins");
    fs::copy_file(greeter_build(), theirs / "plugins" / "greeter.so");
    give_away(theirs);  // its owner may rename plugins/ and put another in its place
    auto result = deckhand({"--plugin-dir", (theirs / "plugins").string(), "greet"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("the folder " + theirs.string() +
                                      " on its path is not safe: it is owned by uid " +
                                      std::to_string(other_user())))
        << shown(result);
}

TEST_F(PluginTrustEndToEnd, APrivateLibraryOwnedByAnotherUserIsRefusedByName) {
    add_test_plugin("greeter");
    const auto copy = copy_installation();
    const auto library = installed_plugins(copy) / "postgres.d" / "postgres_driver.so";
    give_away(library);
    auto result =
        deckhand({"greet", "--open", "--database-url", "postgres://app:s3cret@127.0.0.1:1/app"}, {},
                 binary(copy));
    expect_refusal(result, library, "is owned by uid " + std::to_string(other_user()));
}
