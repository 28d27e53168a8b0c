// The configured database, with the embedded default and where it is refused.
#include "deckhand/config.hpp"

#include "deckhand/errors.hpp"

namespace deckhand {

DatabaseUrl Config::database_url() const {
    if (database_url_text) {
        return parse_database_url(*database_url_text, database_url_origin);
    }
    // A missing URL inside Kubernetes or in production is a mistake, never a silent local file.
    if (in_kubernetes) {
        throw ConfigError(
            "no database URL is configured, and inside Kubernetes deckhand will not fall back to a "
            "local SQLite file: set --database-url, DECKHAND_DATABASE_URL, DATABASE_URL or "
            "--database-url-file");
    }
    if (is_production()) {
        throw ConfigError(
            "no database URL is configured, and in the " + environment +
            " environment deckhand will not fall back to a local SQLite file: set "
            "--database-url, DECKHAND_DATABASE_URL, DATABASE_URL or --database-url-file");
    }
    return parse_database_url(default_database_url, "the embedded default");
}

}  // namespace deckhand
