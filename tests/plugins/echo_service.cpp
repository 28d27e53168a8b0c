// A test plugin that offers a service and nothing else: "echo", which answers what it is given.
// Built twice (echo_service, echo_service_clash) for the test of two plugins offering one name.
#include "echo_service.hpp"

#include <memory>

#include "deckhand/plugin.hpp"

namespace {

class Echo final : public deckhand::test::EchoService {
  public:
    std::string echo(const std::string& text) override { return text; }
};

void register_echo(deckhand::Registry& registry) {
    deckhand::offer_service<deckhand::test::EchoService>(registry, std::make_unique<Echo>());
}

}  // namespace

DECKHAND_PLUGIN("echo", "1.0.0", register_echo)
DECKHAND_PLUGIN_SERVICE(echo)
