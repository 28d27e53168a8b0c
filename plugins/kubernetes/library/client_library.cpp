// The kubernetes plugin's private library: the work of wait-for-job and of doctor's check, with
// libcurl and yaml-cpp, which the plugin opens only when it talks to a cluster, so that loading
// the plugin does not load them. The schema check (through the migrations service) comes along,
// as it is used only while waiting.
#include "client_library.hpp"

#include "deckhand/kubernetes/cluster_work.hpp"
#include "deckhand/kubernetes/schema_check.hpp"

DECKHAND_PRIVATE_LIBRARY_ENTRY(DECKHAND_KUBERNETES_CLIENT_ENTRY) {
    static const deckhand::kubernetes::ClientLibrary library{
        DECKHAND_PRIVATE_LIBRARY_STAMP(DECKHAND_KUBERNETES_PLUGIN_VERSION),
        &deckhand::kubernetes::run_wait_for_job, &deckhand::kubernetes::probe_cluster_access,
        &deckhand::kubernetes::database_holds_shipped_migrations};
    return &library.stamp;
}
