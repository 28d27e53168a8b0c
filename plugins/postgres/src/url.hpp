// postgres:// URLs (and postgresql://) parsed into libpq's keywords and values: the postgres
// driver's half of a database URL, the core keeping its scheme, text and redaction.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "deckhand/database_url.hpp"

namespace deckhand::postgres {

struct ConnectionParameters {
    // libpq keywords and values (host, port, user, password, dbname and every query parameter,
    // e.g. sslmode, application_name, options), in the order given.
    std::vector<std::pair<std::string, std::string>> values;

    // The value of a keyword, or "" if absent.
    std::string get(std::string_view keyword) const;
    // A libpq "keyword=value ..." string with values quoted as libpq wants.
    std::string conninfo() const;
};

// Parses the URL's text. Throws ConfigError naming url.origin, whose message never shows a part
// of the text that could be a password: a URL whose password holds an unencoded '/', '?' or
// '#' (seen from an '@' after the host) is refused rather than guessed at. Values of libpq's
// enumerated and numeric parameters are checked too, before any connection is tried.
ConnectionParameters parse_url(const DatabaseUrl& url);

}  // namespace deckhand::postgres
