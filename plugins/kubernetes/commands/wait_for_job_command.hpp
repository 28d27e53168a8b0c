// `deckhand wait-for-job NAME | --selector LABELS`: the command class, its options bound to
// WaitForJobArguments (deckhand/kubernetes/wait_request.hpp); the work goes to the waiter it is
// given. plugin.cpp registers it; the tests run it in-process.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "deckhand/command.hpp"
#include "deckhand/kubernetes/cluster_config.hpp"
#include "deckhand/kubernetes/wait_request.hpp"

namespace deckhand::kubernetes {

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
