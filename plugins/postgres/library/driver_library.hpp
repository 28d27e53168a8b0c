// The boundary between the postgres plugin and its private library (postgres.d/postgres_driver.so,
// which holds the driver and links libpq and libpqxx): what the library's entry point hands the
// plugin. Both sides are built from this header in one build; the stamp says which.
#pragma once

#include <memory>

#include "deckhand/database_url.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/db/driver.hpp"
#include "deckhand/private_library.hpp"

// Change the number whenever DriverLibrary changes, so that a library from before is refused by
// name rather than called with the wrong layout.
#define DECKHAND_POSTGRES_DRIVER_ENTRY deckhand_postgres_driver_1

namespace deckhand::postgres {

struct DriverLibrary {
    PrivateLibraryStamp stamp;
    // deckhand::postgres::open_postgres: connects, or throws ConfigError / ConnectionError.
    std::unique_ptr<db::Connection> (*open)(const DatabaseUrl& url,
                                            const db::ConnectOptions& options);
};

inline constexpr const char* driver_library_entry = DECKHAND_PP_STR(DECKHAND_POSTGRES_DRIVER_ENTRY);

}  // namespace deckhand::postgres
