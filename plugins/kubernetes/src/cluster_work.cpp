// wait-for-job's run and doctor's Kubernetes request: configuration resolved, the API asked.
#include "deckhand/kubernetes/cluster_work.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "deckhand/context.hpp"
#include "deckhand/duration.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/kubernetes/access_denied.hpp"
#include "deckhand/kubernetes/api_client.hpp"
#include "deckhand/kubernetes/wait_for_job.hpp"
#include "text.hpp"

namespace deckhand::kubernetes {

void run_wait_for_job(Context& context, const WaitRequest& request) {
    const auto& arguments = request.arguments;
    auto environment = Environment::from_process();
    environment.service_account_dir = request.service_account_dir;
    auto cluster = resolve_cluster_config({arguments.kubeconfig, arguments.context}, environment);

    WaitOptions options;
    options.job_name = arguments.job_name;
    options.label_selector = arguments.selector;
    options.namespace_name =
        arguments.namespace_name.empty() ? cluster.namespace_name : arguments.namespace_name;
    options.timeout = request.timeout;
    const Config& config = context.config();
    if (request.schema_check && config.database_url_text) {
        if (std::filesystem::is_directory(config.migrations_dir)) {
            options.schema_is_current = [&request, &context] {
                return request.schema_check(context);
            };
        } else {
            context.log().info(
                "the migrations folder {} does not exist, so an absent Job cannot be "
                "settled by the database; it will be waited for",
                config.migrations_dir.string());
        }
    }

    ApiClient client(std::move(cluster), context.cancellation());
    wait_for_job(client, options, context.log(), context.cancellation());
}

CheckResult probe_cluster_access(Context& context, const Environment& environment,
                                 std::chrono::milliseconds timeout) {
    try {
        auto config = resolve_cluster_config({}, environment);
        const std::string server = config.server;
        const std::string origin = config.origin;
        const std::string namespace_name = config.namespace_name;
        ApiClient client(std::move(config), context.cancellation());
        auto response = client.get(
            "/apis/batch/v1/namespaces/" + query_escape(namespace_name) + "/jobs?limit=1",
            SteadyClock::now() + timeout);
        if (response.end == ApiResponse::End::deadline) {
            return {false, "the Kubernetes API server " + server + " did not answer within " +
                               format_duration(timeout)};
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
