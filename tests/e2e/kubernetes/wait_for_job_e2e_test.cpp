// `deckhand wait-for-job` as an init container runs it: the build tree's executable against the
// Kubernetes API double, judged by exit status, stderr and timing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "support/exec_plugin.hpp"
#include "support/kube_api_double.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::test {
namespace {

using namespace std::chrono_literals;
using testing::HasSubstr;
using Clock = std::chrono::steady_clock;

class WaitForJobEndToEnd : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        pki_dir_ = std::make_unique<TempDir>("deckhand-kube-pki");
        pki_ = std::make_unique<TestPki>(pki_dir_->path());
    }
    static void TearDownTestSuite() {
        pki_.reset();
        pki_dir_.reset();
    }

    WaitForJobEndToEnd() : api_(*pki_) {
        kubeconfig_ =
            work_.write("kubeconfig",
                        "apiVersion: v1\nkind: Config\ncurrent-context: test\n"
                        "clusters: [{name: double, cluster: {server: '" +
                            api_.url() + "', certificate-authority: '" + pki_->ca_cert().string() +
                            "'}}]\n"
                            "users: [{name: ci, user: {token: test-token}}]\n"
                            "contexts: [{name: test, context: {cluster: double, user: "
                            "ci, namespace: shop}}]\n");
    }

    ProcessOptions options() const {
        ProcessOptions options;
        options.working_dir = work_.path();
        options.set_env["HOME"] = work_.path().string();  // no ~/.kube/config of the machine's user
        options.timeout = 60s;
        return options;
    }

    ProcessResult wait_for_job(std::vector<std::string> args,
                               std::vector<std::string> global = {}) {
        global.push_back("wait-for-job");
        global.insert(global.end(), args.begin(), args.end());
        global.push_back("--kubeconfig");
        global.push_back(kubeconfig_.string());
        return run_deckhand(global, options());
    }

    static inline std::unique_ptr<TempDir> pki_dir_;
    static inline std::unique_ptr<TestPki> pki_;

    TempDir work_{"deckhand-kube-e2e"};
    std::filesystem::path kubeconfig_;
    KubeApiDouble api_;
};

TEST_F(WaitForJobEndToEnd, ExitsZeroOnceTheJobHasCompleted) {
    api_.apply(JobBuilder("migrate", "shop").active(1).build());
    api_.play({{500ms, [](KubeApiDouble& a) {
                    a.apply(JobBuilder("migrate", "shop").failed(1).complete().build());
                }}});
    auto result = wait_for_job({"migrate"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.err, HasSubstr("Job migrate: active 1, succeeded 0, failed 0"));
    EXPECT_THAT(result.err,
                HasSubstr("Job migrate has completed (active 0, succeeded 1, failed 1)"));
}

TEST_F(WaitForJobEndToEnd, ExitsOneWithTheJobsReasonAndMessageWhenItFails) {
    api_.apply(JobBuilder("migrate", "shop").failed(7).failed_terminally().build());
    auto result = wait_for_job({"migrate"});
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_THAT(
        result.err,
        HasSubstr("Job migrate in namespace shop failed: BackoffLimitExceeded: Job has reached "
                  "the specified backoff limit"));
}

TEST_F(WaitForJobEndToEnd, ExitsTwoAndPrintsTheRoleWhenForbidden) {
    api_.set_forbidden(true);
    auto result = wait_for_job({"migrate"});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_THAT(result.err,
                HasSubstr("forbids service account default/app to list jobs (API group batch) in "
                          "namespace shop"));
    EXPECT_THAT(result.err, HasSubstr("kind: Role\n"));
    EXPECT_THAT(result.err, HasSubstr("verbs: [\"get\", \"list\", \"watch\"]"));
    EXPECT_THAT(result.err, HasSubstr("kind: RoleBinding\n"));
}

TEST_F(WaitForJobEndToEnd, ExitsThreeOnTimeout) {
    api_.apply(JobBuilder("migrate", "shop").active(1).build());
    auto result = wait_for_job({"migrate", "--timeout", "1s"});
    EXPECT_EQ(result.exit_code, 3) << result.err;
    EXPECT_THAT(result.err,
                HasSubstr("timed out after 1s waiting for Job migrate in namespace shop"));
    EXPECT_LT(result.elapsed, 5s);
}

TEST_F(WaitForJobEndToEnd, SigtermEndsTheWaitAtOnceWithStatus143) {
    api_.apply(JobBuilder("migrate", "shop").active(1).build());
    BackgroundProcess process({deckhand_binary().string(), "wait-for-job", "migrate",
                               "--kubeconfig", kubeconfig_.string()},
                              options());
    ASSERT_TRUE(api_.wait_for_watches(1, 20s));
    auto signalled = Clock::now();
    process.signal(SIGTERM);
    auto result = process.wait_for(5s);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->exit_code, 143) << result->err;
    EXPECT_LT(Clock::now() - signalled, 1s);
}

TEST_F(WaitForJobEndToEnd, ReadsTheKubeconfigFromTheKubeconfigVariable) {
    api_.apply(JobBuilder("migrate", "shop").complete().build());
    auto opts = options();
    opts.set_env["KUBECONFIG"] = "/nonexistent/first:" + kubeconfig_.string();
    auto result = run_deckhand({"wait-for-job", "migrate"}, opts);
    EXPECT_EQ(result.exit_code, 0) << result.err;
}

// A kubeconfig whose user runs `plugin` (exec, client.authentication.k8s.io/v1).
std::filesystem::path write_exec_kubeconfig(const TempDir& dir, const std::string& server,
                                            const std::filesystem::path& ca,
                                            const std::string& command,
                                            const std::string& extra = "") {
    return dir.write("exec-kubeconfig",
                     "apiVersion: v1\nkind: Config\ncurrent-context: eks\n"
                     "clusters: [{name: double, cluster: {server: '" +
                         server + "', certificate-authority: '" + ca.string() +
                         "'}}]\n"
                         "users:\n"
                         "- name: eks-deployer\n"
                         "  user:\n"
                         "    exec:\n"
                         "      apiVersion: client.authentication.k8s.io/v1\n"
                         "      command: " +
                         command +
                         "\n"
                         "      env: [{name: AWS_PROFILE, value: deploy}]\n"
                         "      interactiveMode: IfAvailable\n" +
                         extra +
                         "contexts: [{name: eks, context: {cluster: double, user: eks-deployer, "
                         "namespace: shop}}]\n");
}

TEST_F(WaitForJobEndToEnd, AnExecCredentialPluginFromKubeconfigWinsOverTheServiceAccount) {
    api_.set_token("exec-token");
    api_.apply(JobBuilder("migrate", "shop").complete().build());
    ExecPlugin plugin(work_ / "plugin");
    auto file =
        write_exec_kubeconfig(work_, api_.url(), pki_->ca_cert(), plugin.command().string());
    auto opts = options();
    opts.set_env["KUBECONFIG"] = file.string();
    // Inside a Pod too: KUBECONFIG comes before the service account (which this one lacks).
    opts.set_env["KUBERNETES_SERVICE_HOST"] = "127.0.0.1";
    opts.set_env["KUBERNETES_SERVICE_PORT"] = "1";
    auto result = run_deckhand({"wait-for-job", "migrate"}, opts);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(plugin.runs(), 1u);
    EXPECT_EQ(plugin.last_env("AWS_PROFILE"), "deploy");
    EXPECT_THAT(plugin.last_exec_info(), HasSubstr("\"interactive\":false"));
    EXPECT_THAT(result.err, testing::Not(HasSubstr("exec-token")));
}

TEST_F(WaitForJobEndToEnd, AMissingExecPluginExitsTwoWithItsInstallHint) {
    auto file =
        write_exec_kubeconfig(work_, api_.url(), pki_->ca_cert(), "deckhand-test-no-such-plugin",
                              "      installHint: Install the plugin with brew install "
                              "deckhand-test-plugin\n");
    auto opts = options();
    opts.set_env["KUBECONFIG"] = file.string();
    auto result = run_deckhand({"wait-for-job", "migrate"}, opts);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_THAT(result.err, HasSubstr("user 'eks-deployer' of kubeconfig " + file.string()));
    EXPECT_THAT(result.err, HasSubstr("deckhand-test-no-such-plugin is not found on PATH"));
    EXPECT_THAT(result.err, HasSubstr("brew install deckhand-test-plugin"));
    EXPECT_EQ(api_.requests(), 0u);
}

TEST_F(WaitForJobEndToEnd, HelpDescribesExecPluginsTlsServerNameProxyUrlAndTheOrder) {
    auto result = run_deckhand({"help", "wait-for-job"}, options());
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("exec credential"));
    EXPECT_THAT(result.out, HasSubstr("tls-server-name"));
    EXPECT_THAT(result.out, HasSubstr("proxy-url"));
    EXPECT_THAT(result.out, HasSubstr("--kubeconfig, then KUBECONFIG"));
}

TEST_F(WaitForJobEndToEnd, WritesJsonLogLinesWithLogFormatJson) {
    api_.apply(JobBuilder("migrate", "shop").complete().build());
    auto result = wait_for_job({"migrate"}, {"--log-format", "json"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    std::istringstream lines(result.err);
    std::string line;
    bool found = false;
    while (std::getline(lines, line)) {
        if (line.empty()) {
            continue;
        }
        auto object = nlohmann::json::parse(line, nullptr, false);
        ASSERT_FALSE(object.is_discarded()) << "not JSON: " << line;
        found = found || object.dump().find("Job migrate has completed") != std::string::npos;
    }
    EXPECT_TRUE(found) << result.err;
}

TEST_F(WaitForJobEndToEnd, AVanishedJobSucceedsOnceDeckhandMigrateHasRun) {
    work_.write("migrations/V1__create_orders.sql",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY);\n");
    work_.write("migrations/post/V2__contract.sql", "CREATE TABLE later (id INTEGER);\n");
    std::vector<std::string> database{"--database-url", "sqlite:app.db", "--migrations",
                                      "migrations"};

    // Before migrating, the absent Job is waited for (and the wait times out here).
    auto before = wait_for_job({"migrate", "--timeout", "1s"}, database);
    EXPECT_EQ(before.exit_code, 3) << before.err;

    auto args = database;
    args.push_back("migrate");
    auto migrated = run_deckhand(args, options());
    ASSERT_EQ(migrated.exit_code, 0) << migrated.err;

    auto after = wait_for_job({"migrate", "--timeout", "30s"}, database);
    EXPECT_EQ(after.exit_code, 0) << after.err;
    EXPECT_THAT(after.err, HasSubstr("the database already holds every migration of this build"));
}

}  // namespace
}  // namespace deckhand::test
