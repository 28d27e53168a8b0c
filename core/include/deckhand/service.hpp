// Services (since plugin API 1.4): how plugins meet without linking each other's code. A plugin
// offers a typed interface under a name (the migrate plugin offers "migrations": is the schema
// current, migrate); another plugin asks the host for it by that name and gets the one object
// the offering plugin registered. The host learns which file offers a service from the file's
// "deckhand" section, as it does for commands and drivers, and loads that plugin only when a run
// asks for the service.
//
// An interface is a class derived from Service, declared in an SDK header that both sides
// include, with two constants: its name, and the plugin API minor that introduced it. Like every
// SDK interface it only grows within a major, its new members documented with the minor that
// added them; ServiceOffer::api_minor says which minor the offering plugin was built for, so a
// caller can tell whether it may call a newer member (as the host does for drivers).
//
//   // the offering plugin, at registration:
//   deckhand::offer_service<deckhand::MigrationsService>(registry, std::make_unique<Impl>());
//   DECKHAND_PLUGIN_SERVICE(migrations)   // beside DECKHAND_PLUGIN(...)
//
//   // a plugin that uses it, in a command's run():
//   auto& migrations = deckhand::use_service<deckhand::MigrationsService>(context);
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/export.hpp"
#include "deckhand/plugin.hpp"
#include "deckhand/registry.hpp"

namespace deckhand {

// What every service interface derives from, so that the host can own and destroy what a plugin
// registered (before that plugin's code is unloaded).
class DECKHAND_API Service {
  public:
    virtual ~Service();
    Service() = default;
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;
};

// What the host answers for a service name.
struct ServiceOffer {
    Service* service = nullptr;   // null: no plugin offers it (or the one that does was refused)
    std::uint32_t api_minor = 0;  // the plugin API minor the offering plugin was built for
    std::string plugin_file;      // the offering plugin's file, for messages
};

// Registers `service` as the one `Interface` (Interface::service_name) of this run. The name
// and the type come from one declaration, so whoever looks the name up gets this type.
template <class Interface>
void offer_service(Registry& registry, std::unique_ptr<Interface> service) {
    static_assert(std::is_base_of_v<Service, Interface>, "a service derives from Service");
    registry.add_service(Interface::service_name, std::move(service));
}

// The `Interface` some plugin offers, loading that plugin first. Throws ConfigError naming the
// service when no plugin offers it, and naming the plugin file when that plugin was built for a
// plugin API older than the interface.
template <class Interface>
Interface& use_service(Context& context) {
    static_assert(std::is_base_of_v<Service, Interface>, "a service derives from Service");
    const ServiceOffer offer = context.find_service(Interface::service_name);
    if (offer.service == nullptr) {
        throw ConfigError(std::string("no plugin offers the '") + Interface::service_name +
                          "' service that this command needs (" + Interface::offered_by + ")");
    }
    if (offer.api_minor < Interface::since_api_minor) {
        throw ConfigError("plugin " + offer.plugin_file + " offers the '" +
                          Interface::service_name + "' service of plugin API " +
                          std::to_string(plugin_api_major) + "." + std::to_string(offer.api_minor) +
                          ", older than the " + std::to_string(plugin_api_major) + "." +
                          std::to_string(Interface::since_api_minor) +
                          " that introduced it; rebuild that plugin against this deckhand");
    }
    // The name stands for the type (offer_service): this is the object registered under it.
    return static_cast<Interface&>(*offer.service);
}

}  // namespace deckhand

// Offers a service under NAME (the interface's service_name, with '_' for '-'), readable from
// the file before it is loaded, so that the host loads this plugin when a run asks for it.
#define DECKHAND_PLUGIN_SERVICE(NAME)                      \
    BOOST_DLL_ALIAS_SECTIONED(deckhand_plugin_descriptor_, \
                              DECKHAND_PP_CAT(deckhand_service_, NAME), deckhand)
