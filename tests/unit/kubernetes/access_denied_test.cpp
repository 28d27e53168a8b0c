// The sentences for 401 and 403 answers, and the Role and RoleBinding printed with a 403.
#include "deckhand/kubernetes/access_denied.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace deckhand::kubernetes {
namespace {

const std::string forbidden_message =
    "jobs.batch is forbidden: User \"system:serviceaccount:shop:web\" cannot list resource "
    "\"jobs\" in "
    "API group \"batch\" in the namespace \"shop\"";

TEST(AccessDenied, AForbiddenListNamesTheVerbResourceNamespaceAndServiceAccount) {
    auto message = describe_refusal(403, "list", "shop", "https://10.96.0.1:443",
                                    "the Pod's service account", forbidden_message, "");
    EXPECT_NE(
        message.find(
            "forbids service account shop/web to list jobs (API group batch) in namespace shop"),
        std::string::npos)
        << message;
    EXPECT_NE(message.find("403 Forbidden"), std::string::npos);
    EXPECT_NE(message.find(forbidden_message), std::string::npos);
}

TEST(AccessDenied, TheRoleAndRoleBindingGrantGetListWatchOnBatchJobs) {
    auto message = describe_refusal(403, "watch", "shop", "https://k", "o", forbidden_message, "");
    auto yaml = message.substr(message.find("apiVersion:"));
    auto documents = YAML::LoadAll(yaml);
    ASSERT_EQ(documents.size(), 2u);
    const auto& role = documents[0];
    EXPECT_EQ(role["kind"].as<std::string>(), "Role");
    EXPECT_EQ(role["metadata"]["namespace"].as<std::string>(), "shop");
    const auto& rule = role["rules"][0];
    EXPECT_EQ(rule["apiGroups"][0].as<std::string>(), "batch");
    EXPECT_EQ(rule["resources"][0].as<std::string>(), "jobs");
    EXPECT_EQ(rule["verbs"].as<std::vector<std::string>>(),
              (std::vector<std::string>{"get", "list", "watch"}));
    const auto& binding = documents[1];
    EXPECT_EQ(binding["kind"].as<std::string>(), "RoleBinding");
    EXPECT_EQ(binding["subjects"][0]["kind"].as<std::string>(), "ServiceAccount");
    EXPECT_EQ(binding["subjects"][0]["name"].as<std::string>(), "web");
    EXPECT_EQ(binding["subjects"][0]["namespace"].as<std::string>(), "shop");
    EXPECT_EQ(binding["roleRef"]["name"].as<std::string>(),
              role["metadata"]["name"].as<std::string>());
}

TEST(AccessDenied, TheServiceAccountComesFromTheTokenWhenTheServerDoesNotSay) {
    // header.payload.signature; payload {"sub":"system:serviceaccount:batch-ns:migrator"}
    std::string token =
        "eyJhbGciOiJSUzI1NiJ9."
        "eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YmF0Y2gtbnM6bWlncmF0b3IifQ.c2ln";
    auto subject = find_subject("forbidden", token);
    EXPECT_EQ(subject.kind, "ServiceAccount");
    EXPECT_EQ(subject.name, "migrator");
    EXPECT_EQ(subject.namespace_name, "batch-ns");
}

TEST(AccessDenied, AnUnknownSubjectLeavesAPlaceholderToFillIn) {
    auto subject = find_subject("forbidden", "opaque-token");
    EXPECT_EQ(subject.kind, "");
    EXPECT_NE(role_yaml("shop", subject).find("<service-account-of-the-pod>"), std::string::npos);
}

TEST(AccessDenied, AUserIsBoundAsAUser) {
    auto subject = find_subject("User \"jane@example.com\" cannot list resource", "");
    EXPECT_EQ(subject.kind, "User");
    auto documents = YAML::LoadAll(role_yaml("shop", subject));
    EXPECT_EQ(documents[1]["subjects"][0]["kind"].as<std::string>(), "User");
    EXPECT_EQ(documents[1]["subjects"][0]["name"].as<std::string>(), "jane@example.com");
}

TEST(AccessDenied, UnauthorizedSaysTheCredentialsWereRefusedWithoutARole) {
    auto message = describe_refusal(401, "list", "shop", "https://10.96.0.1:443",
                                    "kubeconfig /k (context 'x')", "Unauthorized", "");
    EXPECT_NE(message.find(
                  "did not accept the credentials from kubeconfig /k (context 'x') to list jobs"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("in namespace shop"), std::string::npos);
    EXPECT_EQ(message.find("kind: Role"), std::string::npos);
}

}  // namespace
}  // namespace deckhand::kubernetes
