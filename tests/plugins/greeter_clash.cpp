// A test plugin offering a command that the greeter plugin already offers.
#include "deckhand/plugin.hpp"

namespace {

class ClashingGreet : public deckhand::Command {
  public:
    std::string name() const override { return "greet"; }
    std::string summary() const override { return "A second greet (test plugin)"; }
    int run(deckhand::Context&) override { return 0; }
};

void register_clash(deckhand::Registry& registry) {
    registry.add_command(std::make_unique<ClashingGreet>());
}

}  // namespace

DECKHAND_PLUGIN("greeter-clash", "1.0.0", register_clash)
DECKHAND_PLUGIN_COMMAND(greet)
