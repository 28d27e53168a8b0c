// `deckhand wait-for-job NAME | --selector LABELS`: the command class and its options bound to a
// struct; and the two seams through which it works: the waiter that resolves the cluster and
// waits (libcurl, yaml-cpp: in the plugin's private library, or in-process in tests) and the
// migrations service's answer to "is the schema current?".
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "deckhand/command.hpp"
#include "deckhand/duration_option.hpp"
#include "deckhand/kubernetes/cluster_config.hpp"

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

class WaitForJobCommand final : public Command {
  public:
    // `waiter` does the work once the options are checked. `schema_check` empty: an absent Job
    // is always waited for. `service_account_dir` is where a Pod's token, CA and namespace are
    // mounted (tests point it elsewhere).
    explicit WaitForJobCommand(
        JobWaiter waiter, SchemaCheck schema_check = {},
        std::filesystem::path service_account_dir = default_service_account_dir);

    std::string name() const override { return "wait-for-job"; }
    std::string summary() const override;
    std::string usage() const override { return "NAME | --selector LABELS"; }
    std::string description() const override;
    void define_options(boost::program_options::options_description& options) override;
    void define_positionals(
        boost::program_options::positional_options_description& positionals) override;
    void validate_options() override;
    Needs needs() const override { return Needs::config; }
    int run(Context& context) override;

    const WaitForJobArguments& arguments() const { return arguments_; }

  private:
    JobWaiter waiter_;
    SchemaCheck schema_check_;
    std::filesystem::path service_account_dir_;
    WaitForJobArguments arguments_;
    std::optional<std::chrono::milliseconds> timeout_;
};

}  // namespace deckhand::kubernetes
