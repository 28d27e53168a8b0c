// Exec credential plugins run for real: a shell script that prints an ExecCredential, counts its
// runs and records what it was given; caching until expirationTimestamp, the kubectl rules for
// apiVersion and interactiveMode, and the messages for plugins that are missing or misbehave.
#include "deckhand/kubernetes/exec_credential.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "deckhand/errors.hpp"
#include "support/eventually.hpp"
#include "support/exec_plugin.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::kubernetes {
namespace {

using namespace std::chrono_literals;
using test::ExecPlugin;
using test::rfc3339_from_now;
using test::TempDir;

// Whether the process runs (a zombie waiting for its reaper does not).
bool running(const std::string& pid) {
    std::string text;
    try {
        text = test::read_file("/proc/" + pid + "/stat");
    } catch (const std::runtime_error&) {
        return false;  // gone
    }
    auto close = text.rfind(')');
    return close != std::string::npos && close + 2 < text.size() && text[close + 2] != 'Z';
}

const std::string where = "user 'eks' of kubeconfig /home/dev/.kube/config";

class ExecCredentialTest : public ::testing::Test {
  protected:
    ExecConfig config(const std::string& api_version = "client.authentication.k8s.io/v1") const {
        ExecConfig exec;
        exec.api_version = api_version;
        exec.command = plugin_.command().string();
        exec.interactive_mode = "Never";
        return exec;
    }

    // The message of the ConfigError or WorkFailed that `call` throws.
    template <typename Expected, typename Call>
    static std::string failure(Call&& call) {
        try {
            call();
        } catch (const Expected& e) {
            return e.what();
        }
        ADD_FAILURE() << "expected an exception";
        return {};
    }

    TempDir dir_{"deckhand-exec-test"};
    ExecPlugin plugin_{dir_ / "plugin"};
    Cancellation cancellation_;
};

TEST_F(ExecCredentialTest, RunsTheCommandWithItsArgsAndEnvAndReadsTheToken) {
    auto exec = config();
    exec.args = {"eks", "get-token", "--cluster-name", "shop prod"};
    exec.env = {{"AWS_PROFILE", "deploy"}};
    ExecCredentialProvider provider(exec, where, R"({"server":"https://eks.example.com"})");
    EXPECT_EQ(provider.credential(cancellation_).token, "exec-token");
    EXPECT_EQ(plugin_.runs(), 1u);
    EXPECT_EQ(plugin_.last_args(),
              (std::vector<std::string>{"eks", "get-token", "--cluster-name", "shop prod"}));
    EXPECT_EQ(plugin_.last_env("AWS_PROFILE"), "deploy");
    EXPECT_FALSE(plugin_.last_env("PATH").empty()) << "the plugin inherits the environment";
}

TEST_F(ExecCredentialTest, SetsKubernetesExecInfoAsKubectlDoes) {
    auto exec = config();
    {
        ExecCredentialProvider provider(exec, where, R"({"server":"https://eks.example.com"})");
        provider.credential(cancellation_);
        auto info = nlohmann::json::parse(plugin_.last_exec_info());
        EXPECT_EQ(info["kind"], "ExecCredential");
        EXPECT_EQ(info["apiVersion"], "client.authentication.k8s.io/v1");
        EXPECT_EQ(info["spec"]["interactive"], false);
        EXPECT_FALSE(info["spec"].contains("cluster")) << "only with provideClusterInfo";
    }
    exec.provide_cluster_info = true;
    ExecCredentialProvider provider(exec, where, R"({"server":"https://eks.example.com"})");
    provider.credential(cancellation_);
    auto info = nlohmann::json::parse(plugin_.last_exec_info());
    EXPECT_EQ(info["spec"]["cluster"]["server"], "https://eks.example.com");
}

TEST_F(ExecCredentialTest, KeepsTheCredentialUntilItExpires) {
    plugin_.set_expires(rfc3339_from_now(3600));
    ExecCredentialProvider provider(config(), where, "");
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(provider.credential(cancellation_).token, "exec-token");
    }
    EXPECT_EQ(plugin_.runs(), 1u);
    ASSERT_TRUE(provider.credential(cancellation_).expires.has_value());
}

TEST_F(ExecCredentialTest, WithoutExpiryTheCredentialIsKeptUntilInvalidated) {
    ExecCredentialProvider provider(config(), where, "");
    provider.credential(cancellation_);
    provider.credential(cancellation_);
    EXPECT_EQ(plugin_.runs(), 1u);
    plugin_.set_token("second-token");
    provider.invalidate();  // what the client does after a 401
    EXPECT_EQ(provider.credential(cancellation_).token, "second-token");
    EXPECT_EQ(plugin_.runs(), 2u);
}

TEST_F(ExecCredentialTest, AnExpiredCredentialIsFetchedAgain) {
    ExecPlugin beta(dir_ / "beta", "client.authentication.k8s.io/v1beta1");
    beta.set_expires(rfc3339_from_now(-10));
    auto exec = config("client.authentication.k8s.io/v1beta1");
    exec.command = beta.command().string();
    exec.interactive_mode.clear();  // v1beta1 defaults to IfAvailable
    ExecCredentialProvider beta_provider(exec, where, "");
    beta_provider.credential(cancellation_);
    beta.set_token("fresh-token");
    EXPECT_EQ(beta_provider.credential(cancellation_).token, "fresh-token");
    EXPECT_EQ(beta.runs(), 2u);
}

TEST_F(ExecCredentialTest, AClientCertificateIsReadToo) {
    plugin_.set_reply(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",)"
                      R"("status":{"clientCertificateData":"-----BEGIN CERTIFICATE-----\n",)"
                      R"("clientKeyData":"-----BEGIN PRIVATE KEY-----\n"}})");
    ExecCredentialProvider provider(config(), where, "");
    const auto& credential = provider.credential(cancellation_);
    EXPECT_TRUE(credential.token.empty());
    EXPECT_EQ(credential.client_certificate_pem, "-----BEGIN CERTIFICATE-----\n");
    EXPECT_EQ(credential.client_key_pem, "-----BEGIN PRIVATE KEY-----\n");
}

TEST_F(ExecCredentialTest, AMissingCommandShowsTheInstallHint) {
    auto exec = config();
    exec.command = "deckhand-no-such-credential-plugin";
    exec.install_hint = "Install aws-iam-authenticator from https://example.com/install";
    ExecCredentialProvider provider(exec, where, "");
    auto message = failure<ConfigError>([&] { provider.credential(cancellation_); });
    EXPECT_NE(message.find(where), std::string::npos) << message;
    EXPECT_NE(message.find("deckhand-no-such-credential-plugin is not found on PATH"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("Install aws-iam-authenticator"), std::string::npos) << message;
}

TEST_F(ExecCredentialTest, AFailingCommandIsNamedWithWhatItSaid) {
    plugin_.set_reply("", 3, "the SSO session has expired\n");
    ExecCredentialProvider provider(config(), where, "");
    auto message = failure<WorkFailed>([&] { provider.credential(cancellation_); });
    EXPECT_NE(message.find(where), std::string::npos) << message;
    EXPECT_NE(message.find(plugin_.command().string()), std::string::npos) << message;
    EXPECT_NE(message.find("exit status 3"), std::string::npos) << message;
    EXPECT_NE(message.find("the SSO session has expired"), std::string::npos) << message;
}

TEST_F(ExecCredentialTest, OutputThatIsNoExecCredentialIsRefusedWithoutQuotingIt) {
    plugin_.set_reply("token=secret-value-123\n");
    ExecCredentialProvider provider(config(), where, "");
    auto message = failure<ConfigError>([&] { provider.credential(cancellation_); });
    EXPECT_NE(message.find("no valid JSON"), std::string::npos) << message;
    EXPECT_EQ(message.find("secret-value-123"), std::string::npos) << message;

    plugin_.set_reply(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",)"
                      R"("status":{}})");
    message = failure<ConfigError>([&] { provider.credential(cancellation_); });
    EXPECT_NE(message.find("neither status.token"), std::string::npos) << message;
}

TEST_F(ExecCredentialTest, AnotherApiVersionInTheAnswerIsRefused) {
    plugin_.set_reply(
        R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",)"
        R"("status":{"token":"secret-value-123"}})");
    ExecCredentialProvider provider(config(), where, "");
    auto message = failure<ConfigError>([&] { provider.credential(cancellation_); });
    EXPECT_NE(message.find("returned an ExecCredential of apiVersion "
                           "'client.authentication.k8s.io/v1beta1'"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("secret-value-123"), std::string::npos) << message;
}

TEST_F(ExecCredentialTest, TheStanzaIsCheckedAsKubectlChecksIt) {
    auto exec = config("client.authentication.k8s.io/v1alpha1");
    auto message = failure<ConfigError>([&] { ExecCredentialProvider provider(exec, where, ""); });
    EXPECT_NE(message.find("apiVersion 'client.authentication.k8s.io/v1alpha1'"), std::string::npos)
        << message;

    exec = config();
    exec.interactive_mode.clear();
    message = failure<ConfigError>([&] { ExecCredentialProvider provider(exec, where, ""); });
    EXPECT_NE(message.find("without interactiveMode"), std::string::npos) << message;

    exec.interactive_mode = "Always";
    message = failure<ConfigError>([&] { ExecCredentialProvider provider(exec, where, ""); });
    EXPECT_NE(message.find("interactiveMode Always"), std::string::npos) << message;
    EXPECT_NE(message.find(where), std::string::npos) << message;

    exec.interactive_mode = "IfAvailable";
    ExecCredentialProvider provider(exec, where, "");
    EXPECT_EQ(provider.credential(cancellation_).token, "exec-token");
}

TEST_F(ExecCredentialTest, AHangingCommandIsStoppedAtItsTimeoutWithWhatItStarted) {
    auto hang = dir_.write(
        "hang", "#!/bin/sh\nsleep 30 &\necho $! > '" + (dir_ / "child").string() + "'\nwait\n");
    std::filesystem::permissions(hang, std::filesystem::perms::owner_all);
    auto exec = config();
    exec.command = hang.string();
    ExecCredentialProvider provider(exec, where, "", 500ms);
    auto start = std::chrono::steady_clock::now();
    auto message = failure<WorkFailed>([&] { provider.credential(cancellation_); });
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    EXPECT_NE(message.find("did not finish"), std::string::npos) << message;
    // The script's own child went with it (its process group was killed).
    auto pid = test::read_file(dir_ / "child");
    pid.erase(pid.find_last_not_of('\n') + 1);
    EXPECT_TRUE(test::eventually([&] { return !running(pid); }, 2s))
        << "sleep " << pid << " still runs";
}

TEST_F(ExecCredentialTest, SigtermStopsAHangingCommandAtOnce) {
    auto hang = dir_.write("hang", "#!/bin/sh\nexec sleep 30\n");
    std::filesystem::permissions(hang, std::filesystem::perms::owner_all);
    auto exec = config();
    exec.command = hang.string();
    ExecCredentialProvider provider(exec, where, "");
    std::thread signal([this] {
        std::this_thread::sleep_for(300ms);
        cancellation_.request(15);
    });
    auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(provider.credential(cancellation_), Cancelled);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    signal.join();
}

}  // namespace
}  // namespace deckhand::kubernetes
