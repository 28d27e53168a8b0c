// Out-of-line destructors of the SDK's interfaces, so their vtables live in the core, and the
// few non-virtual members that only ask what an object is.
#include "deckhand/check.hpp"
#include "deckhand/command.hpp"
#include "deckhand/context.hpp"
#include "deckhand/database_url.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/migrations_service.hpp"
#include "deckhand/registry.hpp"
#include "deckhand/service.hpp"

namespace deckhand {

Check::~Check() = default;
Command::~Command() = default;
Context::~Context() = default;

std::unique_ptr<db::Connection> Context::open_database_once() {
    return open_database();
}

std::unique_ptr<db::Connection> Context::open_database_with(const OpenRequest& request) {
    if (request.url != nullptr) {
        return open_database(*request.url);
    }
    return request.once ? open_database_once() : open_database();
}

std::string Context::redact(std::string_view text) const {
    return redact_secrets(text);
}

DatabaseUrl Context::database_url() {
    return config().database_url();
}

std::string Context::dialect() {
    database_url();  // throws what it throws, as the host's does
    return {};
}

std::vector<std::string> Context::dialects() {
    return {};
}
Registry::~Registry() = default;
Service::~Service() = default;
MigrationsService::~MigrationsService() = default;

ServiceOffer Context::find_service(const std::string& name) {
    (void)name;
    return {};
}

void Registry::add_service(const std::string& name, std::unique_ptr<Service> service) {
    (void)service;
    throw ConfigError("this registry takes no services, so the '" + name +
                      "' service cannot be offered");
}

void Registry::add_check_at(CheckStage stage, std::unique_ptr<Check> check) {
    (void)stage;
    add_check(std::move(check));
}

void Registry::add_database_driver(const std::string& scheme, db::Driver driver) {
    add_driver(scheme, std::move(driver.open));
}
db::Connection::~Connection() = default;
db::DatabaseError::~DatabaseError() = default;
db::ConnectionError::~ConnectionError() = default;
db::TransientConnectionError::~TransientConnectionError() = default;
db::MissingDatabase::~MissingDatabase() = default;

bool db::ConnectionError::transient() const noexcept {
    return dynamic_cast<const TransientConnectionError*>(this) != nullptr;
}

}  // namespace deckhand
