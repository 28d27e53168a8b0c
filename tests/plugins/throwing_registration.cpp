// A test plugin whose registration throws after adding a command: nothing of it may remain.
#include <stdexcept>

#include "deckhand/plugin.hpp"

namespace {

class HalfRegistered : public deckhand::Command {
  public:
    std::string name() const override { return "half"; }
    std::string summary() const override { return "Never usable (test plugin)"; }
    int run(deckhand::Context&) override { return 0; }
};

void register_then_throw(deckhand::Registry& registry) {
    registry.add_command(std::make_unique<HalfRegistered>());
    throw std::runtime_error("the plugin's configuration is missing");
}

}  // namespace

DECKHAND_PLUGIN("throwing-registration", "1.0.0", register_then_throw)
DECKHAND_PLUGIN_COMMAND(half)
