// What a plugin's register entry point receives: the place to add its commands and drivers.
#pragma once

#include <memory>
#include <string>

#include "deckhand/check.hpp"
#include "deckhand/command.hpp"
#include "deckhand/config.hpp"
#include "deckhand/db/driver.hpp"
#include "deckhand/export.hpp"

namespace deckhand {

class DECKHAND_API Registry {
  public:
    virtual ~Registry();

    // Refused (with the plugin and the other owner named) when the name is taken.
    virtual void add_command(std::unique_ptr<Command> command) = 0;
    // `scheme` as in the URL ("postgres"); refused when another driver has it.
    virtual void add_driver(const std::string& scheme, db::DriverFactory factory) = 0;

    // An environment check that `deckhand doctor` runs.
    virtual void add_check(std::unique_ptr<Check> check) = 0;

    // The global configuration as far as it is known at registration (folders, environment),
    // for plugins whose commands come from files, such as tasks.
    virtual const Config& config() const = 0;
};

}  // namespace deckhand
