// A postgres driver library left from another build: it has the entry point the postgres plugin
// asks for, but its stamp names another version, so the plugin must refuse it before using it.
// It holds nothing else: a plugin that read past the stamp would crash the test.
#include "deckhand/private_library.hpp"

DECKHAND_PRIVATE_LIBRARY_ENTRY(deckhand_postgres_driver_1) {
    static const deckhand::PrivateLibraryStamp stamp =
        DECKHAND_PRIVATE_LIBRARY_STAMP("0.0.0-stale");
    return &stamp;
}
