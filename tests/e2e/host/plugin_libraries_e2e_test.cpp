// The plugins' private libraries as a user meets them: postgres.so and kubernetes.so open
// postgres.d/postgres_driver.so (libpq) and kubernetes.d/kubernetes_client.so (libcurl) only
// when a run needs them, from beside the plugin file wherever it is; `deckhand version` loads
// neither; a missing, foreign, stale or unsafe library is one sentence naming it, and exit 2.
#include <sys/stat.h>

#include "e2e_fixture.hpp"
#include "support/postgres_server.hpp"

namespace fs = std::filesystem;
using deckhand::test::expect_refusal;
using deckhand::test::InstalledDeckhand;
using deckhand::test::ProcessOptions;
using deckhand::test::ProcessResult;
using deckhand::test::shown;
using deckhand::test::unreachable_postgres;
using testing::HasSubstr;
using testing::Not;

namespace {

// Nothing listens on port 1: connecting fails, but only after the driver (and libpq) loaded.
}  // namespace

class PluginLibrariesEndToEnd : public InstalledDeckhand {
  protected:
    PluginLibrariesEndToEnd() { add_test_plugin("greeter"); }

    // Runs with the dynamic loader's trace of every file it maps (on stderr).
    ProcessResult traced(const std::vector<std::string>& args) const {
        ProcessOptions options;
        options.set_env["LD_DEBUG"] = "files";
        return deckhand(args, options);
    }
};

TEST_F(PluginLibrariesEndToEnd, VersionLoadsEveryPluginButNeitherLibpqNorLibcurl) {
    auto version = traced({"version"});
    ASSERT_EQ(version.exit_code, 0) << shown(version);
    EXPECT_THAT(version.out, HasSubstr("postgres "));
    EXPECT_THAT(version.out, HasSubstr("kubernetes "));
    // The trace shows the plugins being mapped, so it is there to be read...
    const auto plugins = installed_plugins(prefix());
    EXPECT_THAT(version.err, HasSubstr("file=" + (plugins / "postgres.so").string()));
    EXPECT_THAT(version.err, HasSubstr("file=" + (plugins / "kubernetes.so").string()));
    // ...and names none of the heavy libraries, nor the private libraries that link them.
    EXPECT_THAT(version.err, Not(HasSubstr("file=libpq.so")));
    EXPECT_THAT(version.err, Not(HasSubstr("file=libcurl")));
    EXPECT_THAT(version.err, Not(HasSubstr("postgres_driver.so")));
    EXPECT_THAT(version.err, Not(HasSubstr("kubernetes_client.so")));
}

TEST_F(PluginLibrariesEndToEnd, TheFirstConnectionLoadsLibpqFromTheDriverLibrary) {
    // The counterpart of the test above: the same trace does show libpq once it is needed.
    auto opened = traced({"greet", "--open", "--database-url", unreachable_postgres});
    EXPECT_NE(opened.exit_code, 0) << shown(opened);
    EXPECT_THAT(
        opened.err,
        HasSubstr("file=" +
                  (installed_plugins(prefix()) / "postgres.d" / "postgres_driver.so").string()));
    EXPECT_THAT(opened.err, HasSubstr("file=libpq.so"));
    EXPECT_THAT(opened.err, Not(HasSubstr("file=libcurl")));
}

TEST_F(PluginLibrariesEndToEnd, AMovedInstallationConnectsToPostgresThroughItsDriverLibrary) {
    deckhand::test::PostgresServer& server = deckhand::test::shared_postgres();
    const auto moved = copy_installation();
    auto result = deckhand({"greet", "--open", "--database-url", server.url()}, {}, binary(moved));
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.out, HasSubstr("connected to PostgreSQL 15"));
}

TEST_F(PluginLibrariesEndToEnd, APluginInAPluginDirUsesTheLibraryBesideItNotTheInstalledOne) {
    deckhand::test::PostgresServer& server = deckhand::test::shared_postgres();
    const auto copy = copy_installation();
    // The plugin and its folder move to the --plugin-dir folder together; the installation keeps
    // neither, so only the library beside the moved plugin can answer.
    fs::rename(installed_plugins(copy) / "postgres.so", plugins() / "postgres.so");
    fs::rename(installed_plugins(copy) / "postgres.d", plugins() / "postgres.d");
    auto result = deckhand({"greet", "--open", "--database-url", server.url()}, {}, binary(copy));
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.out, HasSubstr("connected to PostgreSQL 15"));
}

TEST_F(PluginLibrariesEndToEnd, ASymlinkedPluginFindsItsLibraryBesideTheRealFile) {
    deckhand::test::PostgresServer& server = deckhand::test::shared_postgres();
    const auto copy = copy_installation();
    const auto linked = work().path() / "linked";
    fs::create_directory(linked);
    fs::permissions(linked, fs::perms(0755));
    fs::rename(installed_plugins(copy) / "postgres.so", copy / "postgres.so");
    fs::create_symlink(copy / "postgres.so", linked / "postgres.so");
    fs::rename(installed_plugins(copy) / "postgres.d", copy / "postgres.d");
    auto result = deckhand(
        {"--plugin-dir", linked.string(), "greet", "--open", "--database-url", server.url()}, {},
        binary(copy));
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.out, HasSubstr("connected to PostgreSQL 15"));
}

TEST_F(PluginLibrariesEndToEnd, AMissingDriverLibraryIsOneSentenceNamingItAndExit2) {
    const auto copy = copy_installation();
    const auto library = installed_plugins(copy) / "postgres.d" / "postgres_driver.so";
    fs::remove(library);
    // Listing and help need no connection, so they still work...
    auto listing = deckhand({"plugins"}, {}, binary(copy));
    ASSERT_EQ(listing.exit_code, 0) << shown(listing);
    EXPECT_THAT(listing.out, HasSubstr("drivers:  postgres"));
    // ...and a connection names the missing file.
    auto opened =
        deckhand({"greet", "--open", "--database-url", unreachable_postgres}, {}, binary(copy));
    expect_refusal(opened, library, "is missing");
    EXPECT_THAT(opened.err, Not(HasSubstr("s3cret")));
}

TEST_F(PluginLibrariesEndToEnd, AMissingClientLibraryIsOneSentenceNamingItAndExit2) {
    const auto copy = copy_installation();
    const auto folder = installed_plugins(copy) / "kubernetes.d";
    fs::remove_all(folder);
    auto help = deckhand({"help", "wait-for-job"}, {}, binary(copy));
    ASSERT_EQ(help.exit_code, 0) << shown(help);
    EXPECT_THAT(help.out, HasSubstr("--selector"));
    // Options are still checked first, without the library...
    auto misused = deckhand({"wait-for-job"}, {}, binary(copy));
    EXPECT_EQ(misused.exit_code, 2) << shown(misused);
    EXPECT_THAT(misused.err, HasSubstr("needs the Job's name or --selector"));
    // ...and a run that would ask the cluster names the missing file.
    auto waited = deckhand({"wait-for-job", "migrate", "--timeout", "1s", "--kubeconfig",
                            (work().path() / "kubeconfig").string()},
                           {}, binary(copy));
    expect_refusal(waited, folder / "kubernetes_client.so", "is missing");
}

TEST_F(PluginLibrariesEndToEnd, ALibraryOfAnotherPluginIsRefusedForItsMissingEntryPoint) {
    const auto copy = copy_installation();
    const auto library = installed_plugins(copy) / "postgres.d" / "postgres_driver.so";
    fs::copy_file(installed_plugins(copy) / "kubernetes.d" / "kubernetes_client.so", library,
                  fs::copy_options::overwrite_existing);
    auto opened =
        deckhand({"greet", "--open", "--database-url", unreachable_postgres}, {}, binary(copy));
    expect_refusal(opened, library, "has no entry point 'deckhand_postgres_driver_1'");
}

TEST_F(PluginLibrariesEndToEnd, ALibraryFromAnotherBuildIsRefusedNamingBothVersions) {
    const auto copy = copy_installation();
    const auto library = installed_plugins(copy) / "postgres.d" / "postgres_driver.so";
    fs::copy_file(
        fs::path(DECKHAND_TEST_PLUGIN_ROOT) / "stale_postgres_driver" / "postgres_driver.so",
        library, fs::copy_options::overwrite_existing);
    auto opened =
        deckhand({"greet", "--open", "--database-url", unreachable_postgres}, {}, binary(copy));
    expect_refusal(opened, library, "version 0.0.0-stale");
    EXPECT_THAT(opened.err, HasSubstr("version 0.1.0"));
}

TEST_F(PluginLibrariesEndToEnd, ALibraryFolderOthersCanWriteToIsRefused) {
    const auto copy = copy_installation();
    const auto folder = installed_plugins(copy) / "postgres.d";
    ASSERT_EQ(chmod(folder.c_str(), 0777), 0);
    auto opened =
        deckhand({"greet", "--open", "--database-url", unreachable_postgres}, {}, binary(copy));
    expect_refusal(opened, folder, "users other than its owner can write to it (mode 0777)");
}
