// Choosing the cluster configuration: --kubeconfig, KUBECONFIG, the Pod's service account, or
// ~/.kube/config, in that order.
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
    // --kubeconfig, then the KUBECONFIG list, then the Pod's service account, then
    // ~/.kube/config. --context alone also asks for a kubeconfig, even inside a Pod; a KUBECONFIG
    // that names no existing file is passed over inside a Pod, as kubectl passes over an empty
    // configuration.
    auto files = kubeconfig_files(options, environment);
    bool explicit_kubeconfig = !options.kubeconfig.empty() || !options.context.empty();
    bool kubeconfig_list = environment.kubeconfig && !environment.kubeconfig->empty();
    if (!explicit_kubeconfig && environment.in_cluster() && (!kubeconfig_list || files.empty())) {
        return load_in_cluster_config(environment);
    }

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
