// What the configuration is read from besides the flags: the process's variables, and which
// kubeconfig files exist. Kept apart from the parsing (yaml-cpp) because the plugin itself needs
// it, to skip doctor's check on machines without a cluster before loading its private library.
#include <cstdlib>

#include "deckhand/kubernetes/cluster_config.hpp"
#include "deckhand/kubernetes/kubeconfig.hpp"

namespace deckhand::kubernetes {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> variable(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr) {
        return std::nullopt;
    }
    return std::string(value);
}

}  // namespace

Environment Environment::from_process() {
    Environment environment;
    environment.kubernetes_service_host = variable("KUBERNETES_SERVICE_HOST");
    environment.kubernetes_service_port = variable("KUBERNETES_SERVICE_PORT");
    environment.pod_namespace = variable("POD_NAMESPACE");
    environment.kubeconfig = variable("KUBECONFIG");
    environment.home = variable("HOME");
    return environment;
}

std::vector<fs::path> kubeconfig_files(const ConnectionOptions& options,
                                       const Environment& environment) {
    if (!options.kubeconfig.empty()) {
        return {options.kubeconfig};
    }
    std::vector<fs::path> files;
    if (environment.kubeconfig && !environment.kubeconfig->empty()) {
        std::string_view list = *environment.kubeconfig;
        while (!list.empty()) {
            auto colon = list.find(':');
            auto item = list.substr(0, colon);
            // As kubectl: missing files in the list are skipped, duplicates read once.
            if (!item.empty() && fs::exists(fs::path(item))) {
                fs::path path(item);
                bool seen = false;
                for (const auto& f : files) {
                    seen = seen || f == path;
                }
                if (!seen) {
                    files.push_back(path);
                }
            }
            if (colon == std::string_view::npos) {
                break;
            }
            list.remove_prefix(colon + 1);
        }
        return files;
    }
    if (environment.home && !environment.home->empty()) {
        auto path = fs::path(*environment.home) / ".kube" / "config";
        if (fs::exists(path)) {
            files.push_back(path);
        }
    }
    return files;
}

}  // namespace deckhand::kubernetes
