// kubeconfig features that reach the wire, against the API double: exec credential plugins (a
// real shell script that prints an ExecCredential and counts its runs) with caching, expiry and a
// second run after a 401; tls-server-name (a server certificate that does not name 127.0.0.1);
// and proxy-url through an HTTP CONNECT proxy.
#include <filesystem>

#include "deckhand/errors.hpp"
#include "deckhand/kubernetes/kubeconfig.hpp"
#include "kube_fixture.hpp"
#include "support/connect_proxy.hpp"
#include "support/exec_plugin.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::kubernetes {
namespace {

using test::ConnectProxy;
using test::ExecPlugin;

class KubeconfigOnTheWire : public KubeTest {
  protected:
    // A kubeconfig for the double: its CA, namespace shop, `cluster_extra` (YAML lines at the
    // cluster's level) and `user` (the user's mapping).
    ClusterConfig from_kubeconfig(const std::string& cluster_extra, const std::string& user) {
        std::filesystem::copy_file(pki_->ca_cert(), dir_ / "ca.crt",
                                   std::filesystem::copy_options::overwrite_existing);
        kubeconfig_ = dir_.write("config",
                                 "apiVersion: v1\nkind: Config\ncurrent-context: test\n"
                                 "clusters:\n"
                                 "- name: double\n"
                                 "  cluster:\n"
                                 "    server: " +
                                     api_->url() +
                                     "\n"
                                     "    certificate-authority: ca.crt\n" +
                                     cluster_extra +
                                     "users:\n"
                                     "- name: deployer\n"
                                     "  user:\n" +
                                     user +
                                     "contexts: [{name: test, context: {cluster: double, user: "
                                     "deployer, namespace: shop}}]\n");
        return resolve_cluster_config({kubeconfig_, ""}, Environment{});
    }

    std::string exec_user(const std::string& extra = "") const {
        return "    exec:\n"
               "      apiVersion: client.authentication.k8s.io/v1\n"
               "      command: " +
               plugin_.command().string() +
               "\n"
               "      args: [get-token, --cluster, shop]\n"
               "      interactiveMode: Never\n" +
               extra;
    }

    TempDir dir_{"deckhand-kubeconfig"};
    ExecPlugin plugin_{dir_ / "plugin"};
    std::filesystem::path kubeconfig_;
};

TEST_F(KubeconfigOnTheWire, AnExecPluginsTokenIsSentAndKeptForLaterRequests) {
    auto& api = start_api({.token = "exec-token"});
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    // Completes once the watch is open, however slowly the plugin ran (the machine may be busy).
    api.play({{0ms, [](KubeApiDouble& a) {
                   a.wait_for_watches(1, 20s);
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    plugin_.set_expires(test::rfc3339_from_now(3600));
    auto config = from_kubeconfig("", exec_user());
    EXPECT_EQ(wait(by_name("migrate"), config).outcome, WaitResult::Outcome::completed);
    EXPECT_GE(api.requests(), 2u);  // a list and a watch
    EXPECT_EQ(plugin_.runs(), 1u);
    EXPECT_EQ(plugin_.last_args(), (std::vector<std::string>{"get-token", "--cluster", "shop"}));
    EXPECT_EQ(logs().find("exec-token"), std::string::npos) << "the token is never logged";
}

TEST_F(KubeconfigOnTheWire, AnExpiredCredentialIsFetchedAgainBeforeTheNextRequest) {
    auto& api = start_api({.token = "exec-token"});
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    api.play({{300ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    plugin_.set_expires(test::rfc3339_from_now(-60));
    auto config = from_kubeconfig("", exec_user());
    EXPECT_EQ(wait(by_name("migrate"), config).outcome, WaitResult::Outcome::completed);
    EXPECT_EQ(plugin_.runs(), api.requests());  // once per request: each answer had expired
}

TEST_F(KubeconfigOnTheWire, A401MakesThePluginRunAgainOnceAndTheWaitGoesOn) {
    auto& api = start_api({.token = "exec-token"});
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    // The cluster stops accepting the cached token (revoked, say) and the plugin would now hand
    // out another; the watch is cut, so the next request meets the 401.
    ExecPlugin& plugin = plugin_;
    api.play({{0ms, [&plugin](KubeApiDouble& a) {
                   a.wait_for_watches(1, 20s);
                   plugin.set_token("second-token");
                   a.set_token("second-token");
                   a.drop_watches();
                   a.wait_for_watches(1, 20s);
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    auto config = from_kubeconfig("", exec_user());
    EXPECT_EQ(wait(by_name("migrate"), config).outcome, WaitResult::Outcome::completed);
    EXPECT_EQ(plugin_.runs(), 2u);
}

TEST_F(KubeconfigOnTheWire, ACredentialRefusedTwiceNamesTheFileUserAndCommand) {
    start_api({.token = "not-what-the-plugin-says"});
    auto config = from_kubeconfig("", exec_user());
    try {
        wait(by_name("migrate"), config);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        std::string message = e.what();
        EXPECT_NE(message.find("401 Unauthorized"), std::string::npos) << message;
        EXPECT_NE(message.find(kubeconfig_.string()), std::string::npos) << message;
        EXPECT_NE(message.find("user 'deployer'"), std::string::npos) << message;
        EXPECT_NE(message.find(plugin_.command().string()), std::string::npos) << message;
        EXPECT_EQ(message.find("exec-token"), std::string::npos) << message;
    }
    EXPECT_EQ(plugin_.runs(), 2u);  // run again once after the first 401, not in a loop
}

TEST_F(KubeconfigOnTheWire, AnExecPluginMayAnswerWithAClientCertificate) {
    auto& api = start_api({.token = "no-token-works"});
    api.apply(JobBuilder("migrate", "shop").complete().build());
    nlohmann::json credential = {{"apiVersion", "client.authentication.k8s.io/v1"},
                                 {"kind", "ExecCredential"},
                                 {"status",
                                  {{"clientCertificateData", test::read_file(pki_->client_cert())},
                                   {"clientKeyData", test::read_file(pki_->client_key())}}}};
    plugin_.set_reply(credential.dump());
    auto config = from_kubeconfig("", exec_user());
    EXPECT_EQ(wait(by_name("migrate"), config).outcome, WaitResult::Outcome::completed);
    EXPECT_EQ(plugin_.runs(), 1u);
}

TEST_F(KubeconfigOnTheWire, TlsServerNameIsWhatTheCertificateIsVerifiedAgainst) {
    auto& api = start_api({.named_certificate = true});
    api.apply(JobBuilder("migrate", "shop").complete().build());
    // The certificate names kube-api.deckhand.test, not 127.0.0.1: refused without the setting.
    auto plain = from_kubeconfig("", "    token: test-token\n");
    EXPECT_THROW(wait(by_name("migrate"), plain), ConfigError);

    auto named = from_kubeconfig(std::string("    tls-server-name: ") + TestPki::server_name + "\n",
                                 "    token: test-token\n");
    EXPECT_EQ(wait(by_name("migrate"), named).outcome, WaitResult::Outcome::completed);
    EXPECT_EQ(api.last_server_name(), TestPki::server_name);  // SNI
    EXPECT_EQ(api.last_host_header(), "127.0.0.1:" + std::to_string(api.port()));
}

TEST_F(KubeconfigOnTheWire, ProxyUrlSendsTheRequestsThroughTheProxy) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").complete().build());
    ConnectProxy proxy;
    auto config =
        from_kubeconfig("    proxy-url: " + proxy.url() + "\n", "    token: test-token\n");
    EXPECT_EQ(wait(by_name("migrate"), config).outcome, WaitResult::Outcome::completed);
    ASSERT_FALSE(proxy.targets().empty());
    EXPECT_EQ(proxy.targets().front(), "127.0.0.1:" + std::to_string(api.port()));
}

TEST_F(KubeconfigOnTheWire, ProxyUrlAndTlsServerNameWorkTogether) {
    auto& api = start_api({.named_certificate = true});
    api.apply(JobBuilder("migrate", "shop").complete().build());
    ConnectProxy proxy;
    auto config = from_kubeconfig("    proxy-url: " + proxy.url() +
                                      "\n"
                                      "    tls-server-name: " +
                                      TestPki::server_name + "\n",
                                  "    token: test-token\n");
    EXPECT_EQ(wait(by_name("migrate"), config).outcome, WaitResult::Outcome::completed);
    ASSERT_FALSE(proxy.targets().empty());
    EXPECT_EQ(proxy.targets().front(), "127.0.0.1:" + std::to_string(api.port()));
    EXPECT_EQ(api.last_server_name(), TestPki::server_name);
}

TEST_F(KubeconfigOnTheWire, AnUnreachableProxyIsRetriedLikeAnUnreachableServer) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").complete().build());
    std::uint16_t closed_port = 0;
    {
        ConnectProxy gone;  // a port that was just free
        closed_port = gone.port();
    }
    auto config =
        from_kubeconfig("    proxy-url: http://127.0.0.1:" + std::to_string(closed_port) + "\n",
                        "    token: test-token\n");
    EXPECT_THROW(wait(by_name("migrate", 1500ms), config), TimedOut);
    EXPECT_EQ(api.requests(), 0u);
}

}  // namespace
}  // namespace deckhand::kubernetes
