// The postgres plugin's private library: the driver itself, with libpq and libpqxx, which the
// plugin opens at the first connection so that loading the plugin does not load them.
#include "driver_library.hpp"

#include "deckhand/postgres/postgres_connection.hpp"

DECKHAND_PRIVATE_LIBRARY_ENTRY(DECKHAND_POSTGRES_DRIVER_ENTRY) {
    static const deckhand::postgres::DriverLibrary library{
        DECKHAND_PRIVATE_LIBRARY_STAMP(DECKHAND_POSTGRES_PLUGIN_VERSION),
        &deckhand::postgres::open_postgres};
    return &library.stamp;
}
