// The kubernetes plugin's check for `deckhand doctor`: the configuration resolves, the API
// server answers with a verified certificate, and this identity may list Jobs in its namespace.
#pragma once

#include <chrono>
#include <functional>

#include "deckhand/check.hpp"
#include "deckhand/kubernetes/cluster_config.hpp"

namespace deckhand::kubernetes {

class ClusterAccessCheck final : public Check {
  public:
    // `environment` is asked on each run (tests give their own).
    explicit ClusterAccessCheck(
        std::function<Environment()> environment = &Environment::from_process,
        std::chrono::milliseconds timeout = std::chrono::seconds(5));

    std::string name() const override { return "kubernetes API reachable and Jobs listable"; }
    // Passes without a request where there is neither a Pod nor a kubeconfig: wait-for-job is
    // not used on such a machine.
    CheckResult run(Context& context) override;

  private:
    std::function<Environment()> environment_;
    std::chrono::milliseconds timeout_;
};

}  // namespace deckhand::kubernetes
