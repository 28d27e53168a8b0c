// The work behind wait-for-job and doctor's Kubernetes check, done in this process with libcurl
// and yaml-cpp: what the plugin's private library (kubernetes.d/kubernetes_client.so) runs, and
// what the tests call directly, without loading any library.
#pragma once

#include <chrono>

#include "deckhand/check.hpp"
#include "deckhand/kubernetes/cluster_config.hpp"
#include "deckhand/kubernetes/wait_request.hpp"

namespace deckhand::kubernetes {

// A JobWaiter: resolves the cluster configuration from the request's flags and the process's
// environment, then waits as wait_for_job() does (and throws as it does).
void run_wait_for_job(Context& context, const WaitRequest& request);

// An AccessProbe: one list request with limit=1, judged like wait-for-job judges it.
CheckResult probe_cluster_access(Context& context, const Environment& environment,
                                 std::chrono::milliseconds timeout);

}  // namespace deckhand::kubernetes
