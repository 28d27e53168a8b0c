// doctor's Kubernetes check: skipped where there is no cluster to ask, else the probe's verdict.
#include "deckhand/kubernetes/cluster_access_check.hpp"

#include "deckhand/errors.hpp"
#include "deckhand/kubernetes/kubeconfig.hpp"

namespace deckhand::kubernetes {

ClusterAccessCheck::ClusterAccessCheck(AccessProbe probe, std::function<Environment()> environment,
                                       std::chrono::milliseconds timeout)
    : probe_(std::move(probe)), environment_(std::move(environment)), timeout_(timeout) {}

CheckResult ClusterAccessCheck::run(Context& context) {
    auto environment = environment_();
    if (!environment.in_cluster() && kubeconfig_files({}, environment).empty()) {
        return {true, "skipped: not in a Pod and no kubeconfig"};
    }
    try {
        return probe_(context, environment, timeout_);
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        // The probe could not be had at all (its library is missing, say): that is the verdict.
        return {false, e.what()};
    }
}

}  // namespace deckhand::kubernetes
