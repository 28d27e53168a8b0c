// The interface of the test plugins' "echo" service: what a plugin offering a service and a
// plugin (or test) using it share, as deckhand/migrations_service.hpp does for real plugins.
#pragma once

#include <string>

#include "deckhand/service.hpp"

namespace deckhand::test {

class EchoService : public Service {
  public:
    static constexpr const char* service_name = "echo";
    static constexpr std::uint32_t since_api_minor = 4;
    static constexpr const char* offered_by = "the echo test plugin offers it";

    virtual std::string echo(const std::string& text) = 0;
};

}  // namespace deckhand::test
