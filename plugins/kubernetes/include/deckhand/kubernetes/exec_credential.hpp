// kubeconfig `exec` credential plugins (client.authentication.k8s.io/v1 and v1beta1), as kubectl
// runs them: the command with its args and env plus KUBERNETES_EXEC_INFO, never interactively
// (deckhand has no terminal in a Job), its ExecCredential read for a bearer token or a client
// certificate, kept until its expirationTimestamp, and fetched afresh after a 401.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "deckhand/cancellation.hpp"

namespace deckhand::kubernetes {

// A user's `exec` stanza, as parsed from a kubeconfig.
struct ExecConfig {
    std::string api_version;  // client.authentication.k8s.io/v1 or /v1beta1
    std::string command;      // resolved against the kubeconfig's folder when it holds a '/'
    std::vector<std::string> args;
    std::vector<std::pair<std::string, std::string>> env;
    std::string install_hint;
    std::string interactive_mode;  // Never, IfAvailable, Always; "" when not given
    bool provide_cluster_info = false;
};

// What a plugin returned.
struct ExecCredential {
    std::string token;
    std::string client_certificate_pem;
    std::string client_key_pem;
    // No value: valid until the server refuses it.
    std::optional<std::chrono::system_clock::time_point> expires;
};

class ExecCredentialProvider {
  public:
    // `where` names the user entry and its kubeconfig for messages ("user 'eks' of kubeconfig
    // /home/me/.kube/config"); `cluster_info` is the JSON of spec.cluster in KUBERNETES_EXEC_INFO
    // (used when provideClusterInfo is true). Throws ConfigError when the stanza is unusable
    // (unknown apiVersion, missing command or interactiveMode, interactiveMode Always).
    ExecCredentialProvider(ExecConfig config, std::string where, std::string cluster_info_json,
                           std::chrono::milliseconds timeout = std::chrono::seconds(60));

    // The cached credential while it has not expired, else the command's fresh one. Throws
    // ConfigError when the command is missing or prints no usable ExecCredential, WorkFailed
    // when it fails or times out, Cancelled on SIGTERM. The message never holds the credential.
    const ExecCredential& credential(const Cancellation& cancellation);

    // Forgets the cached credential after the server refused it, so the next call runs the
    // command again.
    void invalidate() { cached_.reset(); }

    std::size_t runs() const { return runs_; }
    const std::string& command() const { return config_.command; }
    const std::string& where() const { return where_; }
    // The value of KUBERNETES_EXEC_INFO given to the command.
    std::string exec_info() const;

  private:
    ExecCredential parse(const std::string& output) const;

    ExecConfig config_;
    std::string where_;
    std::string cluster_info_json_;
    std::chrono::milliseconds timeout_;
    std::optional<ExecCredential> cached_;
    std::size_t runs_ = 0;
};

}  // namespace deckhand::kubernetes
