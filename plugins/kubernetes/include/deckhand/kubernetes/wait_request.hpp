// What `deckhand wait-for-job` hands its waiter: the flags as given, and the two seams through
// which it works (the waiter that resolves the cluster and waits, in the plugin's private
// library or in-process in tests; the migrations service's "is the schema current?"). Shared by
// the command (commands/wait_for_job_command.hpp), the private library and cluster_work.hpp.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "deckhand/context.hpp"
#include "deckhand/duration_option.hpp"

namespace deckhand::kubernetes {

struct WaitForJobArguments {
    std::string job_name;                              // positional NAME (also --job)
    std::string selector;                              // --selector / -l
    std::string namespace_name;                        // --namespace / -n
    DurationOption timeout{std::chrono::minutes(10)};  // --timeout; 0 waits for ever
    std::filesystem::path kubeconfig;
    std::string context;
};

// True when the configured database already holds every migration of the pre phase that the
// configured migrations folder ships. Opens the database through the context.
using SchemaCheck = std::function<bool(Context& context)>;

// What a run of the command asks the waiter to do, its options parsed and checked.
struct WaitRequest {
    WaitForJobArguments arguments;
    std::optional<std::chrono::milliseconds> timeout;  // no value: wait for ever
    std::filesystem::path service_account_dir;
    // Empty: an absent Job is always waited for. Otherwise asked, when a database URL is
    // configured and the migrations folder exists, whether an absent Job is settled.
    SchemaCheck schema_check;
};

// Resolves the cluster configuration and waits for the Job (run_wait_for_job in
// deckhand/kubernetes/cluster_work.hpp); throws as wait_for_job does.
using JobWaiter = std::function<void(Context& context, const WaitRequest& request)>;

}  // namespace deckhand::kubernetes
