// The kubernetes plugin's check for `deckhand doctor`: the configuration resolves, the API
// server answers with a verified certificate, and this identity may list Jobs in its namespace.
// The request itself goes through a seam (the probe), so that the check is skipped on machines
// without a cluster before anything loads libcurl.
#pragma once

#include <chrono>
#include <functional>

#include "deckhand/check.hpp"
#include "deckhand/kubernetes/cluster_config.hpp"

namespace deckhand::kubernetes {

// Resolves the configuration from `environment` and lists Jobs with limit=1, judging the answer
// (probe_cluster_access in deckhand/kubernetes/cluster_work.hpp). Returns the check's verdict;
// throws only Cancelled, or Error when the probe itself cannot be had.
using AccessProbe = std::function<CheckResult(Context& context, const Environment& environment,
                                              std::chrono::milliseconds timeout)>;

class ClusterAccessCheck final : public Check {
  public:
    // `probe` makes the request; `environment` is asked on each run (tests give their own).
    explicit ClusterAccessCheck(
        AccessProbe probe, std::function<Environment()> environment = &Environment::from_process,
        std::chrono::milliseconds timeout = std::chrono::seconds(5));

    std::string name() const override { return "kubernetes API reachable and Jobs listable"; }
    // Passes without a request where there is neither a Pod nor a kubeconfig: wait-for-job is
    // not used on such a machine.
    CheckResult run(Context& context) override;

  private:
    AccessProbe probe_;
    std::function<Environment()> environment_;
    std::chrono::milliseconds timeout_;
};

}  // namespace deckhand::kubernetes
