// doctor's Kubernetes check: one list request with limit=1, judged like wait-for-job judges it.
#include "deckhand/kubernetes/cluster_access_check.hpp"

#include "deckhand/context.hpp"
#include "deckhand/duration.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/kubernetes/access_denied.hpp"
#include "deckhand/kubernetes/api_client.hpp"
#include "deckhand/kubernetes/kubeconfig.hpp"
#include "text.hpp"

namespace deckhand::kubernetes {

ClusterAccessCheck::ClusterAccessCheck(std::function<Environment()> environment,
                                       std::chrono::milliseconds timeout)
    : environment_(std::move(environment)), timeout_(timeout) {}

CheckResult ClusterAccessCheck::run(Context& context) {
    auto environment = environment_();
    if (!environment.in_cluster() && kubeconfig_files({}, environment).empty()) {
        return {true, "skipped: not in a Pod and no kubeconfig"};
    }
    try {
        auto config = resolve_cluster_config({}, environment);
        const std::string server = config.server;
        const std::string origin = config.origin;
        const std::string namespace_name = config.namespace_name;
        ApiClient client(std::move(config), context.cancellation());
        auto response = client.get(
            "/apis/batch/v1/namespaces/" + query_escape(namespace_name) + "/jobs?limit=1",
            SteadyClock::now() + timeout_);
        if (response.end == ApiResponse::End::deadline) {
            return {false, "the Kubernetes API server " + server + " did not answer within " +
                               format_duration(timeout_)};
        }
        if (!response.transport_error.empty()) {
            return {false, "cannot reach the Kubernetes API server " + server + " (" +
                               response.transport_error + ")"};
        }
        if (response.ok()) {
            return {true, server + " (" + origin + ") lets this identity list jobs in namespace " +
                              namespace_name};
        }
        if (response.status == 401 || response.status == 403) {
            // The first line only: doctor prints one line per check; wait-for-job prints the Role.
            auto message = describe_refusal(response.status, "list", namespace_name, server, origin,
                                            status_message_of(response.body), client.last_token());
            return {false, message.substr(0, message.find('\n'))};
        }
        return {false, "the Kubernetes API server " + server + " answered HTTP " +
                           std::to_string(response.status) + " to a list of jobs in namespace " +
                           namespace_name};
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        return {false, e.what()};
    }
}

}  // namespace deckhand::kubernetes
