// The kubernetes plugin's entry: registers wait-for-job and its doctor check.
#include "deckhand/plugin.hpp"

#include <memory>

#include "deckhand/kubernetes/cluster_access_check.hpp"
#include "deckhand/kubernetes/schema_check.hpp"
#include "deckhand/kubernetes/wait_for_job_command.hpp"

namespace {

void register_kubernetes(deckhand::Registry& registry) {
    registry.add_command(std::make_unique<deckhand::kubernetes::WaitForJobCommand>(
        &deckhand::kubernetes::database_holds_shipped_migrations));
    registry.add_check(std::make_unique<deckhand::kubernetes::ClusterAccessCheck>());
}

}  // namespace

DECKHAND_PLUGIN("kubernetes", DECKHAND_KUBERNETES_VERSION, register_kubernetes)
DECKHAND_PLUGIN_COMMAND(wait_for_job)
