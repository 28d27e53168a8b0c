// The example plugin: one command, `deckhand hello [NAME] [--shout]`, showing the parts every
// plugin has: a Command subclass, its options, a registration function and the export macros.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <deckhand/context.hpp>
#include <deckhand/errors.hpp>
#include <deckhand/plugin.hpp>
#include <memory>
#include <string>

namespace {

class HelloCommand : public deckhand::Command {
  public:
    std::string name() const override { return "hello"; }
    std::string summary() const override { return "Greet someone (the SDK's example plugin)"; }
    std::string usage() const override { return "[NAME] [--shout]"; }
    // Nothing to connect to: the command needs only the configuration.
    deckhand::Needs needs() const override { return deckhand::Needs::config; }

    void define_options(boost::program_options::options_description& options) override {
        namespace po = boost::program_options;
        options.add_options()                                                        //
            ("name", po::value<std::string>(&name_)->default_value("world"), "who")  //
            ("shout", po::bool_switch(&shout_), "greet in capitals");
    }
    void define_positionals(
        boost::program_options::positional_options_description& positionals) override {
        positionals.add("name", 1);
    }
    void validate_options() override {
        if (name_.empty()) {
            throw deckhand::UsageError("NAME must not be empty");
        }
    }

    int run(deckhand::Context& context) override {
        std::string greeting = "hello, " + name_;
        if (shout_) {
            std::transform(greeting.begin(), greeting.end(), greeting.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        }
        context.out() << greeting << "\n";
        context.log().debug("greeted {}", name_);
        return 0;
    }

  private:
    std::string name_;
    bool shout_ = false;
};

void register_hello(deckhand::Registry& registry) {
    registry.add_command(std::make_unique<HelloCommand>());
}

}  // namespace

// The plugin's name and version, and the function that registers its commands.
DECKHAND_PLUGIN("hello", "1.0.0", register_hello)
// What the plugin offers, readable from the file before it is loaded (`deckhand plugins`).
DECKHAND_PLUGIN_COMMAND(hello)
