// Reaching the API server: TLS verification, client certificates, the Pod's service account, a
// kubeconfig file, and the refusals a person must act on (401, 403, a bad selector, 404).
#include <filesystem>

#include "deckhand/errors.hpp"
#include "deckhand/kubernetes/kubeconfig.hpp"
#include "kube_fixture.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::kubernetes {
namespace {

using Clock = std::chrono::steady_clock;

using WaitForJobAccess = KubeTest;

TEST_F(WaitForJobAccess, RefusesAServerCertificateFromAnotherCaAtOnce) {
    start_api().apply(JobBuilder("migrate", "shop").complete().build());
    auto config = cluster();
    config.ca_file = pki_->other_ca_cert();
    auto start = Clock::now();
    try {
        wait(by_name("migrate"), config);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.exit_status(), 2);
        std::string message = e.what();
        EXPECT_NE(message.find("TLS with the Kubernetes API server " + api_->url() + " failed"),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("certificate"), std::string::npos) << message;
    }
    EXPECT_LT(since(start), 2000);  // not retried until the timeout
    EXPECT_EQ(api_->requests(), 0u);
}

TEST_F(WaitForJobAccess, RefusesAServerCertificateTheSystemTrustStoreDoesNotKnow) {
    start_api().apply(JobBuilder("migrate", "shop").complete().build());
    auto config = cluster();
    config.ca_file.clear();  // no CA given: the system's trust store, which lacks the test CA
    EXPECT_THROW(wait(by_name("migrate"), config), ConfigError);
    EXPECT_EQ(api_->requests(), 0u);
}

TEST_F(WaitForJobAccess, AcceptsTheCaGivenInline) {
    start_api().apply(JobBuilder("migrate", "shop").complete().build());
    auto config = cluster();
    config.ca_file.clear();
    config.ca_pem = test::read_file(pki_->ca_cert());
    EXPECT_EQ(wait(by_name("migrate"), config).outcome, WaitResult::Outcome::completed);
}

TEST_F(WaitForJobAccess, ForbiddenExitsTwoNamingTheVerbResourceNamespaceAndPrintingTheRole) {
    KubeApiDoubleOptions options;
    options.user = "system:serviceaccount:shop:web";
    start_api(options).set_forbidden(true);
    try {
        wait(by_name("migrate"));
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.exit_status(), 2);
        std::string message = e.what();
        EXPECT_NE(message.find("forbids service account shop/web to list jobs (API group batch) in "
                               "namespace shop: "
                               "403 Forbidden"),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("cannot list resource \"jobs\" in API group \"batch\""),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("kind: Role\n"), std::string::npos) << message;
        EXPECT_NE(message.find("verbs: [\"get\", \"list\", \"watch\"]"), std::string::npos)
            << message;
        EXPECT_NE(message.find("kind: RoleBinding\n"), std::string::npos) << message;
        EXPECT_NE(message.find("  - kind: ServiceAccount\n    name: web\n    namespace: shop\n"),
                  std::string::npos)
            << message;
    }
    EXPECT_EQ(api_->requests(), 1u);  // no retries: only a person can fix RBAC
}

TEST_F(WaitForJobAccess, AWrongTokenExitsTwoSayingTheCredentialsWereRefused) {
    start_api();
    auto config = cluster();
    config.token = BearerToken::fixed("stale-token");
    try {
        wait(by_name("migrate"), config);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        std::string message = e.what();
        EXPECT_NE(message.find(
                      "did not accept the credentials from the test's configuration to list jobs"),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("401 Unauthorized"), std::string::npos) << message;
    }
}

TEST_F(WaitForJobAccess, AuthenticatesWithAClientCertificate) {
    start_api().apply(JobBuilder("migrate", "shop").complete().build());
    auto config = cluster();
    config.token = BearerToken();
    config.client_certificate_pem = test::read_file(pki_->client_cert());
    config.client_key_pem = test::read_file(pki_->client_key());
    EXPECT_EQ(wait(by_name("migrate"), config).outcome, WaitResult::Outcome::completed);
}

TEST_F(WaitForJobAccess, WorksInsideAPodWithTheServiceAccountFolder) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    api.play({{300ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    TempDir service_account;
    service_account.write("token", "test-token");
    service_account.write("namespace", "shop");
    std::filesystem::copy_file(pki_->ca_cert(), service_account / "ca.crt");
    Environment environment;
    environment.kubernetes_service_host = "127.0.0.1";
    environment.kubernetes_service_port = std::to_string(api.port());
    environment.service_account_dir = service_account.path();
    auto config = resolve_cluster_config({}, environment);
    auto options = by_name("migrate");
    options.namespace_name = config.namespace_name;
    EXPECT_EQ(wait(options, config).outcome, WaitResult::Outcome::completed);
}

TEST_F(WaitForJobAccess, WorksWithAKubeconfigFile) {
    start_api().apply(JobBuilder("migrate", "shop").complete().build());
    TempDir dir;
    std::filesystem::copy_file(pki_->ca_cert(), dir / "ca.crt");
    dir.write("token", "test-token\n");
    auto file = dir.write(
        "config",
        "apiVersion: v1\nkind: Config\ncurrent-context: test\n"
        "clusters: [{name: double, cluster: {server: '" +
            api_->url() +
            "', certificate-authority: ca.crt}}]\n"
            "users: [{name: ci, user: {tokenFile: token}}]\n"
            "contexts: [{name: test, context: {cluster: double, user: ci, namespace: shop}}]\n");
    auto config = resolve_cluster_config({file, ""}, Environment{});
    EXPECT_EQ(config.namespace_name, "shop");
    EXPECT_EQ(wait(by_name("migrate"), config).outcome, WaitResult::Outcome::completed);
}

TEST_F(WaitForJobAccess, ASelectorTheServerRejectsIsAUsageError) {
    start_api();
    try {
        wait(by_selector("app in shop"));
        FAIL() << "expected UsageError";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("rejected --selector 'app in shop'"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(WaitForJobAccess, AServerThatDoesNotServeJobsIsAConfigurationError) {
    start_api();
    auto config = cluster();
    config.server += "/not-kubernetes";
    try {
        wait(by_name("migrate"), config);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("does not serve batch/v1 Jobs (404 Not Found"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace deckhand::kubernetes
