// The boundary between the kubernetes plugin and its private library
// (kubernetes.d/kubernetes_client.so, which links libcurl and yaml-cpp and holds the work of
// wait-for-job and of doctor's check): what the library's entry point hands the plugin. Both
// sides are built from this header in one build; the stamp says which.
#pragma once

#include <chrono>

#include "deckhand/check.hpp"
#include "deckhand/kubernetes/cluster_access_check.hpp"
#include "deckhand/kubernetes/wait_request.hpp"
#include "deckhand/private_library.hpp"

// Change the number whenever ClientLibrary changes, so that a library from before is refused by
// name rather than called with the wrong layout.
#define DECKHAND_KUBERNETES_CLIENT_ENTRY deckhand_kubernetes_client_1

namespace deckhand::kubernetes {

struct ClientLibrary {
    PrivateLibraryStamp stamp;
    // run_wait_for_job, probe_cluster_access (deckhand/kubernetes/cluster_work.hpp) and
    // database_holds_shipped_migrations (deckhand/kubernetes/schema_check.hpp).
    void (*run_wait_for_job)(Context& context, const WaitRequest& request);
    CheckResult (*probe_cluster_access)(Context& context, const Environment& environment,
                                        std::chrono::milliseconds timeout);
    bool (*database_holds_shipped_migrations)(Context& context);
};

inline constexpr const char* client_library_entry =
    DECKHAND_PP_STR(DECKHAND_KUBERNETES_CLIENT_ENTRY);

}  // namespace deckhand::kubernetes
