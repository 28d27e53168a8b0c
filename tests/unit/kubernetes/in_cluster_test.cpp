// The in-cluster configuration: service-account token, CA and namespace from a folder that
// tests choose, and the order in which the configuration sources are tried.
#include <gtest/gtest.h>

#include "deckhand/errors.hpp"
#include "deckhand/kubernetes/cluster_config.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::kubernetes {
namespace {

using test::TempDir;

class InCluster : public ::testing::Test {
  protected:
    InCluster() {
        dir_.write("token", "eyJhbGciOi.first.sig\n");
        dir_.write("ca.crt", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        dir_.write("namespace", "shop");
        environment_.kubernetes_service_host = "10.96.0.1";
        environment_.kubernetes_service_port = "443";
        environment_.service_account_dir = dir_.path();
    }

    TempDir dir_;
    Environment environment_;
};

TEST_F(InCluster, UsesTheServiceAccountWhenBothServiceVariablesAreSet) {
    auto config = resolve_cluster_config({}, environment_);
    EXPECT_EQ(config.server, "https://10.96.0.1:443");
    EXPECT_EQ(config.ca_file, dir_ / "ca.crt");
    EXPECT_TRUE(config.ca_pem.empty());
    EXPECT_EQ(config.token.current(), "eyJhbGciOi.first.sig");
    EXPECT_EQ(config.namespace_name, "shop");
    EXPECT_NE(config.origin.find("service account"), std::string::npos);
}

TEST_F(InCluster, RereadsTheTokenFileWhenItIsRotated) {
    auto config = resolve_cluster_config({}, environment_);
    EXPECT_EQ(config.token.current(), "eyJhbGciOi.first.sig");
    // kubelet swaps the projected token in place; the next request must send the new one.
    dir_.write("token", "eyJhbGciOi.second.sig");
    EXPECT_EQ(config.token.current(), "eyJhbGciOi.second.sig");
}

TEST_F(InCluster, PodNamespaceWinsOverTheNamespaceFile) {
    environment_.pod_namespace = "from-downward-api";
    EXPECT_EQ(resolve_cluster_config({}, environment_).namespace_name, "from-downward-api");
}

TEST_F(InCluster, WithoutANamespaceFileTheNamespaceIsDefault) {
    std::filesystem::remove(dir_ / "namespace");
    EXPECT_EQ(resolve_cluster_config({}, environment_).namespace_name, "default");
}

TEST_F(InCluster, AnIpv6ServiceHostIsBracketed) {
    environment_.kubernetes_service_host = "fd00:10:96::1";
    EXPECT_EQ(resolve_cluster_config({}, environment_).server, "https://[fd00:10:96::1]:443");
}

TEST_F(InCluster, AMissingTokenSuggestsTheAutomountSetting) {
    std::filesystem::remove(dir_ / "token");
    try {
        resolve_cluster_config({}, environment_);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        std::string message = e.what();
        EXPECT_NE(message.find((dir_ / "token").string()), std::string::npos) << message;
        EXPECT_NE(message.find("automountServiceAccountToken"), std::string::npos) << message;
    }
}

TEST_F(InCluster, AMissingCaFileIsNamed) {
    std::filesystem::remove(dir_ / "ca.crt");
    try {
        resolve_cluster_config({}, environment_);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find((dir_ / "ca.crt").string()), std::string::npos)
            << e.what();
    }
}

TEST_F(InCluster, ATokenFileThatBecameEmptyIsAConfigurationError) {
    auto config = resolve_cluster_config({}, environment_);
    dir_.write("token", "  \n");
    EXPECT_THROW(config.token.current(), ConfigError);
}

TEST_F(InCluster, WithOnlyTheServiceHostSetTheKubeconfigIsUsed) {
    environment_.kubernetes_service_port.reset();
    TempDir home;
    home.write(".kube/config",
               "current-context: k\n"
               "clusters: [{name: c, cluster: {server: 'https://laptop.example.com'}}]\n"
               "contexts: [{name: k, context: {cluster: c}}]\n");
    environment_.home = home.path().string();
    EXPECT_EQ(resolve_cluster_config({}, environment_).server, "https://laptop.example.com");
}

TEST_F(InCluster, TheKubeconfigVariableWinsOverTheServiceAccount) {
    TempDir other;
    auto file = other.write("kubeconfig",
                            "current-context: k\n"
                            "clusters: [{name: c, cluster: {server: 'https://env.example.com'}}]\n"
                            "contexts: [{name: k, context: {cluster: c}}]\n");
    environment_.kubeconfig = "/nonexistent/first:" + file.string();
    EXPECT_EQ(resolve_cluster_config({}, environment_).server, "https://env.example.com");
}

TEST_F(InCluster, AKubeconfigVariableOfMissingFilesLeavesTheServiceAccount) {
    environment_.kubeconfig = "/nonexistent/a:/nonexistent/b";
    EXPECT_EQ(resolve_cluster_config({}, environment_).server, "https://10.96.0.1:443");
}

TEST_F(InCluster, TheServiceAccountWinsOverTheHomeKubeconfig) {
    TempDir home;
    home.write(".kube/config",
               "current-context: k\n"
               "clusters: [{name: c, cluster: {server: 'https://laptop.example.com'}}]\n"
               "contexts: [{name: k, context: {cluster: c}}]\n");
    environment_.home = home.path().string();
    EXPECT_EQ(resolve_cluster_config({}, environment_).server, "https://10.96.0.1:443");
}

TEST_F(InCluster, AContextFlagInsideAPodMeansTheKubeconfig) {
    TempDir home;
    home.write(".kube/config",
               "clusters: [{name: c, cluster: {server: 'https://other.example.com'}}]\n"
               "contexts: [{name: other, context: {cluster: c}}]\n");
    environment_.home = home.path().string();
    EXPECT_EQ(resolve_cluster_config({"", "other"}, environment_).server,
              "https://other.example.com");
}

TEST(ClusterConfiguration, WithNothingToGoOnTheErrorSaysWhatWasTried) {
    TempDir empty_home;
    Environment environment;
    environment.home = empty_home.path().string();
    try {
        resolve_cluster_config({}, environment);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        std::string message = e.what();
        EXPECT_NE(message.find("KUBERNETES_SERVICE_HOST"), std::string::npos) << message;
        EXPECT_NE(message.find("--kubeconfig"), std::string::npos) << message;
        EXPECT_NE(message.find("~/.kube/config"), std::string::npos) << message;
    }
}

TEST(ClusterConfiguration, AKubeconfigListOfMissingFilesIsNamed) {
    Environment environment;
    environment.kubeconfig = "/nonexistent/a:/nonexistent/b";
    try {
        resolve_cluster_config({}, environment);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/a:/nonexistent/b"), std::string::npos)
            << e.what();
    }
}

TEST(ClusterConfiguration, AnUnreadableKubeconfigFlagIsNamed) {
    Environment environment;
    try {
        resolve_cluster_config({"/nonexistent/kubeconfig", ""}, environment);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/kubeconfig"), std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace deckhand::kubernetes
