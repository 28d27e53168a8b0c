// The kubernetes plugin's entry: registers wait-for-job and its doctor check. Their options, help
// and checks are here; the work that talks to a cluster (libcurl, yaml-cpp) is in the plugin's
// private library (kubernetes.d/kubernetes_client.so), opened only when a run gets that far, so
// that loading this plugin (help, version, plugins) stays cheap.
#include "deckhand/plugin.hpp"

#include <boost/dll/runtime_symbol_info.hpp>
#include <filesystem>
#include <memory>

#include "commands/wait_for_job_command.hpp"
#include "deckhand/kubernetes/cluster_access_check.hpp"
#include "deckhand/private_library.hpp"
#include "library/client_library.hpp"

namespace {

namespace k8s = deckhand::kubernetes;

void register_kubernetes(deckhand::Registry& registry) {
    // Beside this plugin's own file (symlinks resolved), wherever its folder is: the installed
    // one, a moved copy, --plugin-dir or the build tree.
    const auto folder = std::filesystem::canonical(boost::dll::this_line_location()).parent_path();
    // Shared by the command and the check, which keep it (and, once opened, the library) until
    // the host drops them. Each call holds the library for as long as it runs.
    auto library = std::make_shared<deckhand::LazyPrivateLibrary<k8s::ClientLibrary>>(
        folder / DECKHAND_KUBERNETES_CLIENT_LIBRARY, k8s::client_library_entry,
        DECKHAND_PRIVATE_LIBRARY_STAMP(DECKHAND_KUBERNETES_PLUGIN_VERSION));
    registry.add_command(std::make_unique<k8s::WaitForJobCommand>(
        [library](deckhand::Context& context, const k8s::WaitRequest& request) {
            library->open()->run_wait_for_job(context, request);
        },
        [library](deckhand::Context& context) {
            return library->open()->database_holds_shipped_migrations(context);
        }));
    registry.add_check(std::make_unique<k8s::ClusterAccessCheck>(
        [library](deckhand::Context& context, const k8s::Environment& environment,
                  std::chrono::milliseconds timeout) {
            return library->open()->probe_cluster_access(context, environment, timeout);
        }));
}

}  // namespace

DECKHAND_PLUGIN("kubernetes", DECKHAND_KUBERNETES_PLUGIN_VERSION, register_kubernetes)
DECKHAND_PLUGIN_COMMAND(wait_for_job)
