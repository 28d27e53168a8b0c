// The lint plugin's private library: PostgreSQL's parser (libpg_query), which the plugin opens
// only when it lints a PostgreSQL script, so that loading the plugin does not load it.
#include "parser_library.hpp"

DECKHAND_PRIVATE_LIBRARY_ENTRY(DECKHAND_LINT_PARSER_ENTRY) {
    static const deckhand::lint::ParserLibrary library{
        DECKHAND_PRIVATE_LIBRARY_STAMP(DECKHAND_LINT_PLUGIN_VERSION),
        &deckhand::lint::parse_postgres};
    return &library.stamp;
}
