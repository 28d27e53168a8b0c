// The postgres plugin: registers the PostgreSQL driver for postgres:// URLs (dialect postgres). The
// driver's code and libpq live in the plugin's private library (postgres.d/postgres_driver.so),
// opened at the first connection, so that loading this plugin (help, version, plugins) stays cheap.
#include "deckhand/plugin.hpp"

#include <boost/dll/runtime_symbol_info.hpp>
#include <filesystem>
#include <memory>

#include "deckhand/private_library.hpp"
#include "library/driver_library.hpp"
#include "library/library_connection.hpp"
#include "url.hpp"

namespace {

using deckhand::postgres::DriverLibrary;

void register_postgres(deckhand::Registry& registry) {
    // Beside this plugin's own file (symlinks resolved), wherever its folder is: the installed
    // one, a moved copy, --plugin-dir or the build tree.
    const auto folder = std::filesystem::canonical(boost::dll::this_line_location()).parent_path();
    // Shared by the driver and every connection it opens: the library stays loaded until the
    // host drops the driver and the last connection is closed.
    auto library = std::make_shared<deckhand::LazyPrivateLibrary<DriverLibrary>>(
        folder / DECKHAND_POSTGRES_DRIVER_LIBRARY, deckhand::postgres::driver_library_entry,
        DECKHAND_PRIVATE_LIBRARY_STAMP(DECKHAND_POSTGRES_PLUGIN_VERSION));
    deckhand::db::Driver postgres;
    postgres.dialect = "postgres";
    postgres.open = [library](const deckhand::DatabaseUrl& url,
                              const deckhand::db::ConnectOptions& options)
        -> std::unique_ptr<deckhand::db::Connection> {
        auto driver = library->open();
        auto connection = driver->open(url, options);
        return std::make_unique<deckhand::postgres::LibraryConnection>(std::move(driver),
                                                                       std::move(connection));
    };
    // The URL's parse needs no libpq: checking it loads nothing more.
    postgres.check = [](const deckhand::DatabaseUrl& url) { deckhand::postgres::parse_url(url); };
    registry.add_database_driver("postgres", std::move(postgres));
}

}  // namespace

DECKHAND_PLUGIN("postgres", DECKHAND_POSTGRES_PLUGIN_VERSION, register_postgres)
DECKHAND_PLUGIN_DATABASE_DRIVER(postgres, postgres)
