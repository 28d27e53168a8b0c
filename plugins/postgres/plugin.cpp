// The postgres plugin: registers the PostgreSQL driver for postgres:// (and postgresql://) URLs.
#include "deckhand/plugin.hpp"

#include "deckhand/postgres/postgres_connection.hpp"

namespace {

void register_postgres(deckhand::Registry& registry) {
    registry.add_driver("postgres", &deckhand::postgres::open_postgres);
}

}  // namespace

DECKHAND_PLUGIN("postgres", DECKHAND_POSTGRES_PLUGIN_VERSION, register_postgres)
DECKHAND_PLUGIN_DRIVER(postgres)
