// The container image built from containers/Dockerfile (build-image.sh, a fixture of this test),
// run as Kubernetes would run it: as its numeric non-root user with a read-only root filesystem
// (run-image.sh), against a real PostgreSQL server and the Kubernetes API double on the host
// network. Also: every shared library the installed tree needs is in the runtime stage, and an
// image that lacks one is caught.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/kube_api_double.hpp"
#include "support/postgres_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::test {
namespace {

using namespace std::chrono_literals;
using testing::HasSubstr;
using testing::Not;

// The tag build-image.sh gave the image (DECKHAND_IMAGE, set by CMake per build tree, so that
// clones sharing the machine's cache do not test each other's image).
const std::string image = [] {
    const char* named = std::getenv("DECKHAND_IMAGE");
    return std::string(named != nullptr ? named : "localhost/deckhand:test");
}();
const std::filesystem::path here = DECKHAND_TEST_SOURCE_DIR "/tests/containers";

// Options for the scripts that reach the machine's image cache: run_process drops DECKHAND_*
// from a child's environment, but where the cache is and which storage driver it uses must
// reach storage.sh, or the tests would look for the image in the default cache.
ProcessOptions cache_options() {
    ProcessOptions options;
    options.timeout = 300s;
    for (const char* name : {"DECKHAND_CONTAINER_CACHE", "DECKHAND_STORAGE_DRIVER"}) {
        if (const char* value = std::getenv(name)) {
            options.set_env[name] = value;
        }
    }
    return options;
}

// Lists every file of the installed tree whose libraries the dynamic loader cannot find.
const std::string missing_libraries_script =
    "find /usr/local/bin /usr/local/lib -type f \\( -name deckhand -o -name '*.so*' \\) "
    "-exec ldd {} + 2>&1 | grep 'not found'; true";

class Image : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        server_ = std::make_unique<PostgresServer>();
        pki_dir_ = std::make_unique<TempDir>("deckhand-image-pki");
        pki_ = std::make_unique<TestPki>(pki_dir_->path());
        container_ = "deckhand-image-test-" + std::to_string(::getpid());
    }
    static void TearDownTestSuite() {
        buildah({"rm", container_});
        buildah({"rm", container_ + "-broken"});
        buildah({"rmi", "--force", image + "-broken"});
        pki_.reset();
        pki_dir_.reset();
        server_.reset();
    }

    static ProcessResult buildah(std::vector<std::string> args) {
        std::vector<std::string> argv{
            "bash", "-c",
            "source '" + (here / "storage.sh").string() + "' && buildah \"${storage[@]}\" \"$@\"",
            "buildah"};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_process(argv, cache_options());
    }

    // The image's entrypoint (deckhand) with these arguments; `shared` is bind-mounted
    // read-only at /run/test.
    ProcessResult run(const std::vector<std::string>& args,
                      const std::vector<std::string>& env = {}, const std::string& entrypoint = "",
                      const std::string& which = image) const {
        std::vector<std::string> argv{(here / "run-image.sh").string(),
                                      which,
                                      "--container",
                                      which == image ? container_ : container_ + "-broken",
                                      "--bind",
                                      shared_.path().string() + ":/run/test"};
        for (const auto& variable : env) {
            argv.push_back("--env");
            argv.push_back(variable);
        }
        if (!entrypoint.empty()) {
            argv.push_back("--entrypoint");
            argv.push_back(entrypoint);
        }
        argv.push_back("--");
        argv.insert(argv.end(), args.begin(), args.end());
        return run_process(argv, cache_options());
    }

    std::string database_url(const std::string& database) const {
        return server_->create_database(database);
    }

    static inline std::unique_ptr<PostgresServer> server_;
    static inline std::unique_ptr<TempDir> pki_dir_;
    static inline std::unique_ptr<TestPki> pki_;
    static inline std::string container_;
    TempDir shared_{"deckhand-image-shared"};
};

TEST_F(Image, RunsAsItsNumericNonRootUserWithTheEntrypointDeckhand) {
    auto user = buildah({"inspect", "--type", "image", "--format",
                         "{{.OCIv1.Config.User}} {{index .OCIv1.Config.Entrypoint 0}}", image});
    ASSERT_EQ(user.exit_code, 0) << user.err;
    EXPECT_THAT(user.out, testing::MatchesRegex("10001:10001 deckhand\n?"));
    auto id = run({"-c", "id -u; id -g"}, {}, "/bin/sh");
    EXPECT_EQ(id.out, "10001\n10001\n") << id.err;
    auto version = run({"version"});
    EXPECT_EQ(version.exit_code, 0) << version.err;
    EXPECT_THAT(version.out + version.err, HasSubstr("postgres"));
}

TEST_F(Image, RunsUnderBuildahRunToo) {
    auto made = buildah({"from", "--pull=never", "--name", container_ + "-run", image});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    auto result =
        buildah({"run", "--isolation", "chroot", container_ + "-run", "--", "deckhand", "plugins"});
    buildah({"rm", container_ + "-run"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("kubernetes"));
    EXPECT_THAT(result.out, HasSubstr("postgres"));
}

TEST_F(Image, TheRootFilesystemIsReadOnlyAndTmpIsWritable) {
    auto result =
        run({"-c", "touch /usr/local/x 2>&1; touch /tmp/x && echo tmp-writable"}, {}, "/bin/sh");
    EXPECT_THAT(result.out, HasSubstr("Read-only file system"));
    EXPECT_THAT(result.out, HasSubstr("tmp-writable"));
}

TEST_F(Image, HasEveryRuntimeLibraryAndNoCompiler) {
    auto result = run({"-c", missing_libraries_script}, {}, "/bin/sh");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "") << "libraries missing from the runtime stage";
    auto tools =
        run({"-c", "command -v g++ gcc cc cmake; ls /usr/include 2>/dev/null | head -1; true"}, {},
            "/bin/sh");
    EXPECT_EQ(tools.out, "") << "build tools in the runtime image";
}

TEST_F(Image, AnImageWithoutARuntimeLibraryIsCaught) {
    // The same image with libpq removed, as a runtime stage that forgot libpq5 would be.
    auto made = buildah({"from", "--pull=never", "--name", container_ + "-cut", image});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    auto removed = buildah({"run", "--isolation", "chroot", "--user", "0:0", container_ + "-cut",
                            "--", "sh", "-c", "rm /usr/lib/x86_64-linux-gnu/libpq.so.5*"});
    ASSERT_EQ(removed.exit_code, 0) << removed.err;
    auto committed = buildah({"commit", "--quiet", "--rm", container_ + "-cut", image + "-broken"});
    ASSERT_EQ(committed.exit_code, 0) << committed.err;

    auto check = run({"-c", missing_libraries_script}, {}, "/bin/sh", image + "-broken");
    EXPECT_THAT(check.out, HasSubstr("libpq.so.5 => not found"));
    auto migrate =
        run({"--database-url", database_url("broken"), "migrate"}, {}, "", image + "-broken");
    EXPECT_NE(migrate.exit_code, 0) << migrate.out;
}

TEST_F(Image, MigratesSeedsAndRunsATaskOnPostgresql) {
    auto url = database_url("blog");
    std::vector<std::string> env{"DECKHAND_DATABASE_URL=" + url};
    auto migrate = run({"migrate"}, env);
    ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
    auto status = run({"status"}, env);
    EXPECT_EQ(status.exit_code, 0) << status.err;
    EXPECT_THAT(status.out, HasSubstr("create authors"));
    EXPECT_THAT(status.out, Not(HasSubstr("failed")));
    auto seed = run({"seed"}, env);
    EXPECT_EQ(seed.exit_code, 0) << seed.err;
    auto posts = run({"list-posts", "--limit", "5"}, env);
    EXPECT_EQ(posts.exit_code, 0) << posts.err;
    EXPECT_FALSE(posts.out.empty());
    auto post = run({"migrate", "--phase", "post"}, env);
    EXPECT_EQ(post.exit_code, 0) << post.err;
    EXPECT_EQ(server_->psql("SELECT count(*) FROM blog_posts", "blog") != "0", true);
}

TEST_F(Image, MigratesTheDefaultSqliteFileUnderTmp) {
    auto result = run({"-c", "deckhand migrate && ls /tmp/deckhand.db"}, {}, "/bin/sh");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("/tmp/deckhand.db"));
}

TEST_F(Image, WaitsForTheMigrationJobThroughTheKubernetesApi) {
    KubeApiDouble api(*pki_);
    api.apply(JobBuilder("blog-migrate-3", "blog")
                  .label("app.kubernetes.io/instance", "blog")
                  .label("app.kubernetes.io/component", "migrate")
                  .active(1)
                  .build());
    api.play({{1s, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("blog-migrate-3", "blog")
                               .label("app.kubernetes.io/instance", "blog")
                               .label("app.kubernetes.io/component", "migrate")
                               .complete()
                               .build());
               }}});
    std::filesystem::copy_file(pki_->ca_cert(), shared_ / "ca.crt");
    shared_.write("kubeconfig",
                  "apiVersion: v1\nkind: Config\ncurrent-context: test\n"
                  "clusters: [{name: double, cluster: {server: '" +
                      api.url() +
                      "', certificate-authority: /run/test/ca.crt}}]\n"
                      "users: [{name: ci, user: {token: test-token}}]\n"
                      "contexts: [{name: test, context: {cluster: double, user: ci, namespace: "
                      "blog}}]\n");
    std::filesystem::permissions(shared_.path(), std::filesystem::perms::owner_all |
                                                     std::filesystem::perms::group_read |
                                                     std::filesystem::perms::group_exec |
                                                     std::filesystem::perms::others_read |
                                                     std::filesystem::perms::others_exec);
    std::filesystem::permissions(shared_ / "kubeconfig", std::filesystem::perms::others_read,
                                 std::filesystem::perm_options::add);
    std::filesystem::permissions(shared_ / "ca.crt", std::filesystem::perms::others_read,
                                 std::filesystem::perm_options::add);
    auto result = run({"wait-for-job", "--selector",
                       "app.kubernetes.io/instance=blog,app.kubernetes.io/component=migrate",
                       "--kubeconfig", "/run/test/kubeconfig", "--timeout", "60s"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.err, HasSubstr("has completed"));
}

}  // namespace
}  // namespace deckhand::test
