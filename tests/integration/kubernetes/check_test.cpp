// The doctor check: it passes when the API answers and lets this identity list Jobs, and
// fails with one line naming the cause otherwise.
#include "deckhand/errors.hpp"
#include "deckhand/kubernetes/cluster_access_check.hpp"
#include "deckhand/kubernetes/cluster_work.hpp"
#include "kube_fixture.hpp"
#include "sqlite_context.hpp"

namespace deckhand::kubernetes {
namespace {

class ClusterAccessCheckTest : public KubeTest {
  protected:
    // An environment whose KUBECONFIG points at the double, with `ca` as its CA.
    Environment environment(const std::filesystem::path& ca) {
        auto file =
            scratch_.write("kubeconfig",
                           "current-context: test\n"
                           "clusters: [{name: double, cluster: {server: '" +
                               api_->url() + "', certificate-authority: '" + ca.string() +
                               "'}}]\n"
                               "users: [{name: ci, user: {token: test-token}}]\n"
                               "contexts: [{name: test, context: {cluster: double, user: ci, "
                               "namespace: shop}}]\n");
        Environment environment;
        environment.kubeconfig = file.string();
        return environment;
    }

    CheckResult run_check(const Environment& environment) {
        ClusterAccessCheck check(&probe_cluster_access, [environment] { return environment; });
        SqliteContext context(Config{}, logger_, cancellation_);
        return check.run(context);
    }
};

TEST_F(ClusterAccessCheckTest, PassesWhenTheApiLetsThisIdentityListJobs) {
    start_api();
    auto result = run_check(environment(pki_->ca_cert()));
    EXPECT_TRUE(result.ok) << result.detail;
    EXPECT_NE(result.detail.find("lets this identity list jobs in namespace shop"),
              std::string::npos)
        << result.detail;
    EXPECT_EQ(count_requests("/namespaces/shop/jobs?limit=1"), 1u);
}

TEST_F(ClusterAccessCheckTest, FailsWithOneLineWhenForbidden) {
    start_api().set_forbidden(true);
    auto result = run_check(environment(pki_->ca_cert()));
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.detail.find("forbids service account default/app to list jobs"),
              std::string::npos)
        << result.detail;
    EXPECT_EQ(result.detail.find('\n'), std::string::npos) << result.detail;
}

TEST_F(ClusterAccessCheckTest, FailsWhenTheServerCertificateDoesNotVerify) {
    start_api();
    auto result = run_check(environment(pki_->other_ca_cert()));
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.detail.find("TLS with the Kubernetes API server"), std::string::npos)
        << result.detail;
}

TEST_F(ClusterAccessCheckTest, FailsWhenTheServerCannotBeReached) {
    start_api();
    auto env = environment(pki_->ca_cert());
    api_.reset();
    auto result = run_check(env);
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.detail.find("cannot reach the Kubernetes API server"), std::string::npos)
        << result.detail;
}

TEST_F(ClusterAccessCheckTest, IsSkippedWhereThereIsNeitherAPodNorAKubeconfig) {
    Environment nothing;
    nothing.home = scratch_.path().string();
    auto result = run_check(nothing);
    EXPECT_TRUE(result.ok);
    EXPECT_NE(result.detail.find("skipped"), std::string::npos) << result.detail;
}

TEST_F(ClusterAccessCheckTest, IsSkippedWithoutAskingTheProbe) {
    // The plugin's probe opens its private library (libcurl): a machine without a cluster must
    // not pay for that in every `deckhand doctor`.
    Environment nothing;
    nothing.home = scratch_.path().string();
    int probes = 0;
    ClusterAccessCheck check(
        [&probes](Context&, const Environment&, std::chrono::milliseconds) {
            ++probes;
            return CheckResult{true, "asked"};
        },
        [nothing] { return nothing; });
    SqliteContext context(Config{}, logger_, cancellation_);
    EXPECT_TRUE(check.run(context).ok);
    EXPECT_EQ(probes, 0);
}

TEST_F(ClusterAccessCheckTest, FailsWithTheReasonWhenTheProbeCannotBeHad) {
    Environment in_pod;
    in_pod.kubernetes_service_host = "10.96.0.1";
    in_pod.kubernetes_service_port = "443";
    ClusterAccessCheck check(
        [](Context&, const Environment&, std::chrono::milliseconds) -> CheckResult {
            throw ConfigError("plugin library /p/kubernetes.d/kubernetes_client.so is missing");
        },
        [in_pod] { return in_pod; });
    SqliteContext context(Config{}, logger_, cancellation_);
    auto result = check.run(context);
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.detail, "plugin library /p/kubernetes.d/kubernetes_client.so is missing");
}

TEST_F(ClusterAccessCheckTest, FailsOnAnUnusableKubeconfig) {
    Environment broken;
    broken.kubeconfig = scratch_.write("broken", "current-context: nowhere\n").string();
    auto result = run_check(broken);
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.detail.find("no context 'nowhere'"), std::string::npos) << result.detail;
}

}  // namespace
}  // namespace deckhand::kubernetes
