// A well-formed test plugin: `greet` prints a greeting; `wait-for-signal` blocks until SIGTERM or
// SIGINT and then reports the cancellation, as a long migration would.
#include <spdlog/spdlog.h>

#include <iostream>

#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/plugin.hpp"

namespace {

class GreetCommand : public deckhand::Command {
  public:
    std::string name() const override { return "greet"; }
    std::string summary() const override { return "Print a greeting (test plugin)"; }
    std::string usage() const override { return "[NAME]"; }
    deckhand::Needs needs() const override { return deckhand::Needs::config; }
    void define_options(boost::program_options::options_description& options) override {
        namespace po = boost::program_options;
        options.add_options()                                                                 //
            ("name", po::value<std::string>(&name_)->default_value("world"), "who to greet")  //
            ("times", po::value<int>(&times_)->default_value(1), "how many times")            //
            ("fail", po::bool_switch(&fail_), "fail with a work error")                       //
            ("open", po::bool_switch(&open_), "open the configured database");
    }
    void define_positionals(
        boost::program_options::positional_options_description& positionals) override {
        positionals.add("name", 1);
    }
    void validate_options() override {
        if (times_ < 1) {
            throw deckhand::UsageError("--times must be at least 1");
        }
    }
    int run(deckhand::Context& context) override {
        if (fail_) {
            throw deckhand::WorkFailed("greeting " + name_ + " failed on purpose");
        }
        if (open_) {
            context.out() << "connected to " << context.open_database()->server_version() << "\n";
        }
        for (int i = 0; i < times_; ++i) {
            context.out() << "hello, " << name_ << "\n";
        }
        context.log().info("greeted {} using {}", name_,
                           context.config().database_url().redacted());
        return 0;
    }

  private:
    std::string name_;
    int times_ = 1;
    bool fail_ = false;
    bool open_ = false;
};

class WaitForSignalCommand : public deckhand::Command {
  public:
    std::string name() const override { return "wait-for-signal"; }
    std::string summary() const override { return "Wait until cancelled (test plugin)"; }
    int run(deckhand::Context& context) override {
        context.out() << "waiting" << std::endl;
        while (context.cancellation().sleep_for(std::chrono::seconds(30))) {
        }
        context.cancellation().throw_if_requested();
        return 0;
    }
};

void register_greeter(deckhand::Registry& registry) {
    registry.add_command(std::make_unique<GreetCommand>());
    registry.add_command(std::make_unique<WaitForSignalCommand>());
}

}  // namespace

DECKHAND_PLUGIN("greeter", "1.2.3", register_greeter)
DECKHAND_PLUGIN_COMMAND(greet)
DECKHAND_PLUGIN_COMMAND(wait_for_signal)
