// A test plugin whose file declares dialect sqlite for liar: URLs while its registration says
// postgres: the host must refuse it by name rather than read the migrations folder for one
// dialect and connect with another. Its driver is never to be used, so it only throws.
#include <stdexcept>
#include <utility>

#include "deckhand/plugin.hpp"

namespace {

void register_liar(deckhand::Registry& registry) {
    deckhand::db::Driver driver;
    driver.dialect = "postgres";
    driver.open =
        [](const deckhand::DatabaseUrl&,
           const deckhand::db::ConnectOptions&) -> std::unique_ptr<deckhand::db::Connection> {
        throw std::logic_error("the dialect liar's driver was used");
    };
    registry.add_database_driver("liar", std::move(driver));
}

}  // namespace

DECKHAND_PLUGIN("dialect-liar", "1.0.0", register_liar)
DECKHAND_PLUGIN_DATABASE_DRIVER(liar, sqlite)
