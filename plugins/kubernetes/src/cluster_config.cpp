// Choosing the cluster configuration: kubeconfig flags, the Pod's service account, or the
// user's kubeconfig, in client-go's order.
#include "deckhand/kubernetes/cluster_config.hpp"

#include "deckhand/errors.hpp"
#include "deckhand/kubernetes/kubeconfig.hpp"
#include "text.hpp"

namespace deckhand::kubernetes {

ClusterConfig load_in_cluster_config(const Environment& environment) {
    const auto& dir = environment.service_account_dir;
    if (!environment.in_cluster()) {
        throw ConfigError(
            "not running in a Kubernetes Pod: KUBERNETES_SERVICE_HOST and "
            "KUBERNETES_SERVICE_PORT are not both set");
    }
    std::string host = *environment.kubernetes_service_host;
    if (host.find(':') != std::string::npos && host.front() != '[') {
        host = "[" + host + "]";  // IPv6
    }

    ClusterConfig config;
    config.server = "https://" + host + ":" + *environment.kubernetes_service_port;
    config.origin = "the Pod's service account (" + dir.string() + ")";
    auto token_file = dir / "token";
    if (!read_whole_file(token_file)) {
        throw ConfigError("running in a Kubernetes Pod but cannot read the service-account token " +
                          token_file.string() +
                          "; is automountServiceAccountToken false for this Pod?");
    }
    config.token = BearerToken::from_file(token_file);
    config.ca_file = dir / "ca.crt";
    if (!read_whole_file(config.ca_file)) {
        throw ConfigError(
            "running in a Kubernetes Pod but cannot read the cluster's CA certificate " +
            config.ca_file.string());
    }
    if (environment.pod_namespace && !trim(*environment.pod_namespace).empty()) {
        config.namespace_name = std::string(trim(*environment.pod_namespace));
    } else if (auto ns = read_whole_file(dir / "namespace"); ns && !trim(*ns).empty()) {
        config.namespace_name = std::string(trim(*ns));
    } else {
        config.namespace_name = "default";
    }
    return config;
}

ClusterConfig resolve_cluster_config(const ConnectionOptions& options,
                                     const Environment& environment) {
    // An explicit kubeconfig or context is a request for a kubeconfig, even inside a Pod.
    bool explicit_kubeconfig = !options.kubeconfig.empty() || !options.context.empty();
    if (!explicit_kubeconfig && environment.in_cluster()) {
        return load_in_cluster_config(environment);
    }

    auto files = kubeconfig_files(options, environment);
    if (files.empty()) {
        if (environment.kubeconfig && !environment.kubeconfig->empty()) {
            throw ConfigError("none of the files in KUBECONFIG (" + *environment.kubeconfig +
                              ") exists");
        }
        throw ConfigError(
            "no Kubernetes configuration found: not in a Pod (KUBERNETES_SERVICE_HOST "
            "and KUBERNETES_SERVICE_PORT unset), no --kubeconfig, KUBECONFIG unset, "
            "and no ~/.kube/config");
    }
    Kubeconfig kubeconfig;
    for (const auto& file : files) {
        kubeconfig.merge_file(file);
    }
    return kubeconfig.cluster_config(options.context);
}

}  // namespace deckhand::kubernetes
