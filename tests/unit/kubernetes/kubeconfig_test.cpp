// kubeconfig parsing: inline data and files, several contexts, merging, and the refusals.
#include "deckhand/kubernetes/kubeconfig.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "deckhand/errors.hpp"
#include "deckhand/kubernetes/exec_credential.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::kubernetes {
namespace {

using test::TempDir;

std::string base64(const std::string& text) {
    static const char* alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < text.size(); i += 3) {
        unsigned n = (static_cast<unsigned char>(text[i]) << 16) |
                     (static_cast<unsigned char>(text[i + 1]) << 8) |
                     static_cast<unsigned char>(text[i + 2]);
        for (int shift = 18; shift >= 0; shift -= 6) {
            out.push_back(alphabet[(n >> shift) & 63]);
        }
    }
    if (i < text.size()) {
        unsigned n = static_cast<unsigned char>(text[i]) << 16;
        if (i + 1 < text.size()) {
            n |= static_cast<unsigned char>(text[i + 1]) << 8;
        }
        out.push_back(alphabet[(n >> 18) & 63]);
        out.push_back(alphabet[(n >> 12) & 63]);
        out.push_back(i + 1 < text.size() ? alphabet[(n >> 6) & 63] : '=');
        out.push_back('=');
    }
    return out;
}

const std::string ca_pem = "-----BEGIN CERTIFICATE-----\nMIIBcA==\n-----END CERTIFICATE-----\n";
const std::string cert_pem = "-----BEGIN CERTIFICATE-----\nMIIBcB==\n-----END CERTIFICATE-----\n";
const std::string key_pem =
    "-----BEGIN EC PRIVATE KEY-----\nMHcCAQ==\n-----END EC PRIVATE KEY-----\n";

std::string two_contexts() {
    return "apiVersion: v1\n"
           "kind: Config\n"
           "current-context: staging\n"
           "clusters:\n"
           "- name: staging-cluster\n"
           "  cluster:\n"
           "    server: https://staging.example.com:6443/\n"
           "    certificate-authority-data: " +
           base64(ca_pem) +
           "\n"
           "- name: prod-cluster\n"
           "  cluster:\n"
           "    server: https://prod.example.com\n"
           "    certificate-authority-data: " +
           base64(ca_pem) +
           "\n"
           "users:\n"
           "- name: staging-user\n"
           "  user:\n"
           "    token: staging-token\n"
           "- name: prod-user\n"
           "  user:\n"
           "    client-certificate-data: " +
           base64(cert_pem) +
           "\n"
           "    client-key-data: " +
           base64(key_pem) +
           "\n"
           "contexts:\n"
           "- name: staging\n"
           "  context:\n"
           "    cluster: staging-cluster\n"
           "    user: staging-user\n"
           "    namespace: shop\n"
           "- name: prod\n"
           "  context:\n"
           "    cluster: prod-cluster\n"
           "    user: prod-user\n";
}

TEST(Kubeconfig, UsesTheCurrentContextWithItsInlineTokenAndCertificateAuthority) {
    Kubeconfig kubeconfig;
    kubeconfig.merge_text(two_contexts(), "/home/dev/.kube/config");
    auto config = kubeconfig.cluster_config("");
    EXPECT_EQ(config.server, "https://staging.example.com:6443");
    EXPECT_EQ(config.ca_pem, ca_pem);
    EXPECT_TRUE(config.ca_file.empty());
    EXPECT_EQ(config.token.current(), "staging-token");
    EXPECT_TRUE(config.client_certificate_pem.empty());
    EXPECT_EQ(config.namespace_name, "shop");
    EXPECT_NE(config.origin.find("context 'staging'"), std::string::npos);
}

TEST(Kubeconfig, UsesTheContextNamedByContextFlagWithInlineClientCertificate) {
    Kubeconfig kubeconfig;
    kubeconfig.merge_text(two_contexts(), "/home/dev/.kube/config");
    auto config = kubeconfig.cluster_config("prod");
    EXPECT_EQ(config.server, "https://prod.example.com");
    EXPECT_EQ(config.client_certificate_pem, cert_pem);
    EXPECT_EQ(config.client_key_pem, key_pem);
    EXPECT_TRUE(config.token.empty());
    EXPECT_EQ(config.namespace_name, "default");  // the context names none
}

TEST(Kubeconfig, AnUnknownContextIsRefusedNamingTheContextsThereAre) {
    Kubeconfig kubeconfig;
    kubeconfig.merge_text(two_contexts(), "/home/dev/.kube/config");
    try {
        kubeconfig.cluster_config("qa");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        std::string message = e.what();
        EXPECT_NE(message.find("no context 'qa'"), std::string::npos) << message;
        EXPECT_NE(message.find("prod, staging"), std::string::npos) << message;
        EXPECT_EQ(e.exit_status(), 2);
    }
}

TEST(Kubeconfig, ReadsFilesNamedRelativeToTheKubeconfigFolder) {
    TempDir dir;
    dir.write("certs/ca.crt", ca_pem);
    dir.write("certs/client.crt", cert_pem);
    dir.write("certs/client.key", key_pem);
    dir.write("token", "file-token\n");
    auto file = dir.write(
        "config",
        "clusters:\n"
        "- name: c\n"
        "  cluster: {server: 'https://10.0.0.1:6443', certificate-authority: certs/ca.crt}\n"
        "users:\n"
        "- name: u\n"
        "  user:\n"
        "    client-certificate: certs/client.crt\n"
        "    client-key: certs/client.key\n"
        "    token: inline-token\n"
        "    tokenFile: token\n"
        "contexts:\n"
        "- name: k\n"
        "  context: {cluster: c, user: u, namespace: jobs}\n"
        "current-context: k\n");
    Kubeconfig kubeconfig;
    kubeconfig.merge_file(file);
    auto config = kubeconfig.cluster_config("");
    EXPECT_EQ(config.ca_file, dir / "certs/ca.crt");
    EXPECT_TRUE(config.ca_pem.empty());
    EXPECT_EQ(config.client_certificate_pem, cert_pem);
    EXPECT_EQ(config.client_key_pem, key_pem);
    // As client-go: the token file wins over the inline token, and is read afresh.
    EXPECT_EQ(config.token.current(), "file-token");
    dir.write("token", "rotated-token\n");
    EXPECT_EQ(config.token.current(), "rotated-token");
    EXPECT_EQ(config.namespace_name, "jobs");
}

TEST(Kubeconfig, RefusesInsecureSkipTlsVerify) {
    Kubeconfig kubeconfig;
    kubeconfig.merge_text(
        "clusters: [{name: c, cluster: {server: 'https://10.0.0.1', insecure-skip-tls-verify: "
        "true}}]\n"
        "users: [{name: u, user: {token: t}}]\n"
        "contexts: [{name: k, context: {cluster: c, user: u}}]\n"
        "current-context: k\n",
        "/tmp/kc");
    try {
        kubeconfig.cluster_config("");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        std::string message = e.what();
        EXPECT_NE(message.find("insecure-skip-tls-verify"), std::string::npos) << message;
        EXPECT_NE(message.find("cluster 'c'"), std::string::npos) << message;
        EXPECT_NE(message.find("certificate-authority"), std::string::npos) << message;
    }
}

std::string exec_kubeconfig(const std::string& exec) {
    return "clusters: [{name: c, cluster: {server: 'https://eks.example.com', "
           "tls-server-name: api.eks.internal, proxy-url: 'socks5://127.0.0.1:1080'}}]\n"
           "users:\n"
           "- name: aws\n"
           "  user:\n"
           "    exec:\n" +
           exec +
           "contexts: [{name: k, context: {cluster: c, user: aws}}]\n"
           "current-context: k\n";
}

TEST(Kubeconfig, ReadsAnExecCredentialPluginAsKubectlDoes) {
    Kubeconfig kubeconfig;
    kubeconfig.merge_text(exec_kubeconfig("      apiVersion: client.authentication.k8s.io/v1\n"
                                          "      command: bin/get-token\n"
                                          "      args: [eks, get-token, --cluster-name, shop]\n"
                                          "      env:\n"
                                          "      - {name: AWS_PROFILE, value: deploy}\n"
                                          "      - {name: EMPTY}\n"
                                          "      installHint: install it\n"
                                          "      interactiveMode: Never\n"
                                          "      provideClusterInfo: true\n"),
                          "/home/dev/.kube/config");
    const auto& exec = kubeconfig.users().at("aws").exec;
    ASSERT_TRUE(exec.has_value());
    EXPECT_EQ(exec->api_version, "client.authentication.k8s.io/v1");
    // A command with a '/' is relative to the kubeconfig's folder; a bare name uses PATH.
    EXPECT_EQ(exec->command, "/home/dev/.kube/bin/get-token");
    EXPECT_EQ(exec->args, (std::vector<std::string>{"eks", "get-token", "--cluster-name", "shop"}));
    ASSERT_EQ(exec->env.size(), 2u);
    EXPECT_EQ(exec->env[0], (std::pair<std::string, std::string>{"AWS_PROFILE", "deploy"}));
    EXPECT_EQ(exec->env[1].second, "");
    EXPECT_EQ(exec->install_hint, "install it");
    EXPECT_EQ(exec->interactive_mode, "Never");
    EXPECT_TRUE(exec->provide_cluster_info);

    auto config = kubeconfig.cluster_config("");
    ASSERT_NE(config.exec, nullptr);
    EXPECT_TRUE(config.token.empty());
    EXPECT_EQ(config.tls_server_name, "api.eks.internal");
    EXPECT_EQ(config.proxy_url, "socks5://127.0.0.1:1080");
    // A 401 names the file, the user and the command.
    EXPECT_NE(config.origin.find("/home/dev/.kube/config"), std::string::npos) << config.origin;
    EXPECT_NE(config.origin.find("user 'aws'"), std::string::npos) << config.origin;
    EXPECT_NE(config.origin.find("/home/dev/.kube/bin/get-token"), std::string::npos)
        << config.origin;
    auto info = nlohmann::json::parse(config.exec->exec_info());
    EXPECT_EQ(info["spec"]["cluster"]["server"], "https://eks.example.com");
    EXPECT_EQ(info["spec"]["cluster"]["tls-server-name"], "api.eks.internal");
    EXPECT_EQ(info["spec"]["cluster"]["proxy-url"], "socks5://127.0.0.1:1080");
}

TEST(Kubeconfig, ABareExecCommandIsLeftForPath) {
    Kubeconfig kubeconfig;
    kubeconfig.merge_text(exec_kubeconfig("      apiVersion: client.authentication.k8s.io/v1beta1\n"
                                          "      command: aws\n"),
                          "/home/dev/.kube/config");
    EXPECT_EQ(kubeconfig.users().at("aws").exec->command, "aws");
    // v1beta1 needs no interactiveMode.
    EXPECT_NE(kubeconfig.cluster_config("").exec, nullptr);
}

TEST(Kubeconfig, ATokenWinsOverAnExecPlugin) {
    Kubeconfig kubeconfig;
    kubeconfig.merge_text(
        "clusters: [{name: c, cluster: {server: 'https://eks.example.com'}}]\n"
        "users: [{name: aws, user: {token: static, exec: {apiVersion: "
        "client.authentication.k8s.io/v1, command: aws, interactiveMode: Never}}}]\n"
        "contexts: [{name: k, context: {cluster: c, user: aws}}]\n",
        "/tmp/kc");
    auto config = kubeconfig.cluster_config("k");
    EXPECT_EQ(config.exec, nullptr);
    EXPECT_EQ(config.token.current(), "static");
}

TEST(Kubeconfig, AnExecPluginThatNeedsATerminalIsRefusedNamingTheUser) {
    Kubeconfig kubeconfig;
    kubeconfig.merge_text(exec_kubeconfig("      apiVersion: client.authentication.k8s.io/v1\n"
                                          "      command: kubelogin\n"
                                          "      interactiveMode: Always\n"),
                          "/tmp/kc");
    try {
        kubeconfig.cluster_config("");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        std::string message = e.what();
        EXPECT_NE(message.find("user 'aws' of kubeconfig /tmp/kc"), std::string::npos) << message;
        EXPECT_NE(message.find("kubelogin"), std::string::npos) << message;
        EXPECT_NE(message.find("interactiveMode Always"), std::string::npos) << message;
    }
}

TEST(Kubeconfig, AMalformedExecStanzaNamesItsLine) {
    Kubeconfig kubeconfig;
    try {
        kubeconfig.merge_text(exec_kubeconfig("      apiVersion: client.authentication.k8s.io/v1\n"
                                              "      command: aws\n"
                                              "      args: {not: a list}\n"),
                              "/tmp/kc");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("/tmp/kc:3"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("exec.args"), std::string::npos) << e.what();
    }
}

TEST(Kubeconfig, AnAuthProviderIsStillRefused) {
    Kubeconfig kubeconfig;
    kubeconfig.merge_text(
        "clusters: [{name: c, cluster: {server: 'https://gke.example.com'}}]\n"
        "users: [{name: g, user: {auth-provider: {name: gcp}}}]\n"
        "contexts: [{name: k, context: {cluster: c, user: g}}]\n",
        "/tmp/kc");
    EXPECT_THROW(kubeconfig.cluster_config("k"), ConfigError);
}

TEST(Kubeconfig, AProxyUrlMustBeHttpHttpsOrSocks5) {
    auto config_for = [](const std::string& proxy) {
        Kubeconfig kubeconfig;
        kubeconfig.merge_text(
            "clusters: [{name: c, cluster: {server: 'https://k.example.com', "
            "proxy-url: '" +
                proxy +
                "'}}]\n"
                "contexts: [{name: k, context: {cluster: c}}]\n",
            "/tmp/kc");
        return kubeconfig.cluster_config("k");
    };
    EXPECT_EQ(config_for("http://proxy:3128").proxy_url, "http://proxy:3128");
    EXPECT_EQ(config_for("https://proxy:3128").proxy_url, "https://proxy:3128");
    EXPECT_EQ(config_for("socks5://proxy:1080").proxy_url, "socks5://proxy:1080");
    try {
        config_for("ftp://proxy");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("cluster 'c' of kubeconfig /tmp/kc"),
                  std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("ftp://proxy"), std::string::npos) << e.what();
    }
    EXPECT_THROW(config_for("proxy:3128"), ConfigError);
}

TEST(Kubeconfig, MergesFilesWithTheFirstDefinitionWinning) {
    TempDir dir;
    auto first =
        dir.write("first",
                  "current-context: dev\n"
                  "clusters: [{name: shared, cluster: {server: 'https://first.example.com'}}]\n"
                  "users: [{name: me, user: {token: first-token}}]\n");
    auto second = dir.write(
        "second",
        "current-context: other\n"
        "clusters: [{name: shared, cluster: {server: 'https://second.example.com'}}]\n"
        "users: [{name: me, user: {token: second-token}}]\n"
        "contexts: [{name: dev, context: {cluster: shared, user: me, namespace: dev}}]\n");
    Environment environment;
    environment.kubeconfig =
        first.string() + ":" + (dir / "missing").string() + ":" + second.string();
    auto files = kubeconfig_files({}, environment);
    ASSERT_EQ(files.size(), 2u);  // the missing one is skipped, as kubectl does

    auto config = resolve_cluster_config({}, environment);
    EXPECT_EQ(config.server, "https://first.example.com");
    EXPECT_EQ(config.token.current(), "first-token");
    EXPECT_EQ(config.namespace_name, "dev");
}

TEST(Kubeconfig, TheCurrentContextComesFromTheFirstFileThatSetsOne) {
    TempDir dir;
    auto first =
        dir.write("first", "clusters: [{name: a, cluster: {server: 'https://a.example.com'}}]\n");
    auto second = dir.write("second",
                            "current-context: b\n"
                            "clusters: [{name: b, cluster: {server: 'https://b.example.com'}}]\n"
                            "contexts: [{name: b, context: {cluster: b}}]\n");
    auto third = dir.write("third",
                           "current-context: a\n"
                           "contexts: [{name: a, context: {cluster: a}}]\n");
    Environment environment;
    environment.kubeconfig = first.string() + ":" + second.string() + ":" + third.string();
    EXPECT_EQ(resolve_cluster_config({}, environment).server, "https://b.example.com");
    // --context still reaches a context that only a later file defines.
    EXPECT_EQ(resolve_cluster_config({"", "a"}, environment).server, "https://a.example.com");
}

TEST(Kubeconfig, TheKubeconfigFlagWinsOverTheEnvironment) {
    TempDir dir;
    auto chosen =
        dir.write("chosen",
                  "current-context: k\n"
                  "clusters: [{name: c, cluster: {server: 'https://chosen.example.com'}}]\n"
                  "contexts: [{name: k, context: {cluster: c}}]\n");
    dir.write("env", "current-context: x\n");
    Environment environment;
    environment.kubeconfig = (dir / "env").string();
    environment.kubernetes_service_host = "10.96.0.1";  // even inside a Pod
    environment.kubernetes_service_port = "443";
    auto config = resolve_cluster_config({chosen, ""}, environment);
    EXPECT_EQ(config.server, "https://chosen.example.com");
    EXPECT_TRUE(config.token.empty());
}

TEST(Kubeconfig, AYamlErrorNamesTheFileAndLine) {
    Kubeconfig kubeconfig;
    try {
        kubeconfig.merge_text("clusters:\n- name: c\n  cluster: {server: [\n", "/etc/kube/broken");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("/etc/kube/broken:"), std::string::npos) << e.what();
    }
}

TEST(Kubeconfig, MalformedBase64DataNamesTheEntryAndLine) {
    Kubeconfig kubeconfig;
    try {
        kubeconfig.merge_text(
            "clusters:\n"
            "- name: c\n"
            "  cluster:\n"
            "    server: https://x\n"
            "    certificate-authority-data: 'not*base64'\n",
            "/tmp/kc");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        std::string message = e.what();
        EXPECT_NE(message.find("/tmp/kc:2"), std::string::npos) << message;
        EXPECT_NE(message.find("certificate-authority-data"), std::string::npos) << message;
    }
}

TEST(Kubeconfig, AMissingCertificateAuthorityFileIsNamed) {
    Kubeconfig kubeconfig;
    kubeconfig.merge_text(
        "clusters: [{name: c, cluster: {server: 'https://x', certificate-authority: "
        "/nonexistent/ca.crt}}]\n"
        "contexts: [{name: k, context: {cluster: c}}]\n",
        "/tmp/kc");
    try {
        kubeconfig.cluster_config("k");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/ca.crt"), std::string::npos) << e.what();
    }
}

TEST(Kubeconfig, AClientCertificateWithoutItsKeyIsRefused) {
    Kubeconfig kubeconfig;
    kubeconfig.merge_text(
        "clusters: [{name: c, cluster: {server: 'https://x'}}]\n"
        "users: [{name: u, user: {client-certificate-data: " +
            base64(cert_pem) +
            "}}]\n"
            "contexts: [{name: k, context: {cluster: c, user: u}}]\n",
        "/tmp/kc");
    EXPECT_THROW(kubeconfig.cluster_config("k"), ConfigError);
}

TEST(Kubeconfig, PlainHttpIsAcceptedOnlyForKubectlProxyOnThisMachine) {
    auto config_for = [](const std::string& server) {
        Kubeconfig kubeconfig;
        kubeconfig.merge_text("clusters: [{name: c, cluster: {server: '" + server +
                                  "'}}]\n"
                                  "contexts: [{name: k, context: {cluster: c}}]\n",
                              "/tmp/kc");
        return kubeconfig.cluster_config("k");
    };
    EXPECT_EQ(config_for("http://127.0.0.1:8001").server, "http://127.0.0.1:8001");
    EXPECT_EQ(config_for("http://[::1]:8001").server, "http://[::1]:8001");
    EXPECT_THROW(config_for("http://10.0.0.1:8080"), ConfigError);
    EXPECT_THROW(config_for("http://localhost.evil.com"), ConfigError);
    EXPECT_THROW(config_for("ftp://10.0.0.1"), ConfigError);
}

TEST(Kubeconfig, PlainHttpIsRefusedWheneverCredentialsWouldBeSentLoopbackIncluded) {
    auto message_for = [](const std::string& user) {
        Kubeconfig kubeconfig;
        kubeconfig.merge_text(
            "clusters: [{name: c, cluster: {server: 'http://127.0.0.1:8001'}}]\n"
            "users: [{name: u, user: " +
                user +
                "}]\n"
                "contexts: [{name: k, context: {cluster: c, user: u}}]\n",
            "/tmp/kc");
        try {
            kubeconfig.cluster_config("k");
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    const std::string refused =
        "user 'u' of kubeconfig /tmp/kc has credentials, which deckhand does not send to "
        "http://127.0.0.1:8001 over plain HTTP";
    for (const std::string& user :
         {std::string("{token: s3cret}"), std::string("{tokenFile: /nonexistent/token}"),
          "{client-certificate-data: " + base64(cert_pem) + "}",
          std::string("{exec: {command: get-token, apiVersion: "
                      "client.authentication.k8s.io/v1}}"),
          std::string("{auth-provider: {name: oidc}}")}) {
        const std::string message = message_for(user);
        EXPECT_EQ(message.rfind(refused, 0), 0u) << user << ": " << message;
        EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
    }
    EXPECT_EQ(message_for("{}"), "(accepted)");  // kubectl proxy, which holds the credentials
}

TEST(Kubeconfig, WithoutCurrentContextItAsksForContextFlag) {
    Kubeconfig kubeconfig;
    kubeconfig.merge_text("", "/tmp/empty");
    try {
        kubeconfig.cluster_config("");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("--context"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace deckhand::kubernetes
