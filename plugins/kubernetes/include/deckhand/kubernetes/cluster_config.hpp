// Where the API server is and how to talk to it, chosen in the order kubectl's users expect: a
// kubeconfig named on the command line, else the KUBECONFIG list, else the Pod's service account
// when running in a cluster, else ~/.kube/config.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "deckhand/kubernetes/bearer_token.hpp"

namespace deckhand::kubernetes {

class ExecCredentialProvider;

inline constexpr const char* default_service_account_dir =
    "/var/run/secrets/kubernetes.io/serviceaccount";

// What the configuration is read from besides the flags. Tests build one by hand; the command
// takes the process's own (from_process()).
struct Environment {
    std::optional<std::string> kubernetes_service_host;  // KUBERNETES_SERVICE_HOST
    std::optional<std::string> kubernetes_service_port;  // KUBERNETES_SERVICE_PORT
    std::optional<std::string> pod_namespace;            // POD_NAMESPACE (downward API)
    std::optional<std::string> kubeconfig;               // KUBECONFIG, a ':'-separated list
    std::optional<std::string> home;                     // HOME, for ~/.kube/config
    std::filesystem::path service_account_dir = default_service_account_dir;

    static Environment from_process();
    bool in_cluster() const {
        return kubernetes_service_host && !kubernetes_service_host->empty() &&
               kubernetes_service_port && !kubernetes_service_port->empty();
    }
};

// The command's connection flags.
struct ConnectionOptions {
    std::filesystem::path kubeconfig;  // --kubeconfig; empty: not given
    std::string context;               // --context; empty: the current context
};

struct ClusterConfig {
    std::string server;  // "https://10.96.0.1:443", without a trailing slash

    // The server's certificate is verified against this CA, given inline (PEM) or as a file;
    // with neither, against the system's trust store. Never skipped.
    std::string ca_pem;
    std::filesystem::path ca_file;
    // kubeconfig tls-server-name: SNI and verification use this name instead of the server's host.
    std::string tls_server_name;

    // Client certificate authentication (PEM), and/or a bearer token.
    std::string client_certificate_pem;
    std::string client_key_pem;
    BearerToken token;
    // An exec credential plugin, asked before each request (it caches until expiry); shared
    // because the config is copied and the cache must be one.
    std::shared_ptr<ExecCredentialProvider> exec;

    // kubeconfig proxy-url (http, https, socks5), used whatever NO_PROXY says; without it curl
    // honours HTTPS_PROXY and NO_PROXY.
    std::string proxy_url;
    std::string namespace_name;  // the namespace to use when --namespace is not given

    // For messages: "the service account in /var/run/...", "kubeconfig /x (context prod)".
    std::string origin;
};

// Throws ConfigError when no configuration can be found or the chosen one is unusable.
ClusterConfig resolve_cluster_config(const ConnectionOptions& options,
                                     const Environment& environment);

// The Pod's service account: server from KUBERNETES_SERVICE_HOST/_PORT, token and CA files from
// environment.service_account_dir, namespace from POD_NAMESPACE, the namespace file, or "default".
ClusterConfig load_in_cluster_config(const Environment& environment);

}  // namespace deckhand::kubernetes
