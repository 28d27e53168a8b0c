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

class Service;

// Where doctor runs a check (since plugin API 1.4): checks of the project's own files (the
// migrations, seed and commands folders) come right after doctor's own checks of the database
// and the migrations folder; checks that reach other systems (a cluster) come last.
enum class CheckStage { files, environment };

class DECKHAND_API Registry {
  public:
    virtual ~Registry();

    // Refused (with the plugin and the other owner named) when the name is taken.
    virtual void add_command(std::unique_ptr<Command> command) = 0;
    // `scheme` as in the URL ("postgres"); refused when another driver has it. A driver added
    // this way (plugin API 1.4 and older) tells its dialect only through its connections.
    virtual void add_driver(const std::string& scheme, db::DriverFactory factory) = 0;

    // An environment check that `deckhand doctor` runs (CheckStage::environment).
    virtual void add_check(std::unique_ptr<Check> check) = 0;

    // The global configuration as far as it is known at registration (folders, environment),
    // for plugins whose commands come from files, such as tasks.
    virtual const Config& config() const = 0;

    // Since plugin API 1.4. A service other plugins ask for by `name` (deckhand/service.hpp:
    // call it through offer_service, which takes the name from the interface). Refused when
    // another plugin offers that name. The default refuses: a registry that takes no services.
    virtual void add_service(const std::string& name, std::unique_ptr<Service> service);
    // Since plugin API 1.4. A check for `deckhand doctor`, run at `stage`. The default adds it
    // as add_check does.
    virtual void add_check_at(CheckStage stage, std::unique_ptr<Check> check);

    // Since plugin API 1.5. A driver for URLs of `scheme`, with its dialect and a check of its
    // URLs (db::Driver); offer it with DECKHAND_PLUGIN_DATABASE_DRIVER(scheme, dialect). Refused
    // when another driver has the scheme, or when `driver.dialect` is not the dialect the plugin
    // file declares. The default adds driver.open as add_driver does.
    virtual void add_database_driver(const std::string& scheme, db::Driver driver);
};

}  // namespace deckhand
