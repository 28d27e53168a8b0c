// Database URLs (postgres://, postgresql://, sqlite:...) parsed once, for the drivers, and
// redacted for everything deckhand prints.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand {

struct DECKHAND_API DatabaseUrl {
    std::string scheme;  // normalised: "postgres" (also for postgresql://), "sqlite", or as given
    std::string text;    // exactly as the user wrote it; never print this, print redacted()

    // sqlite: the file path, or ":memory:".
    std::string path;
    bool in_memory = false;

    // postgres: libpq keywords and values (host, port, user, password, dbname and every
    // query parameter, e.g. sslmode, application_name, options), in the order given.
    std::vector<std::pair<std::string, std::string>> parameters;

    // The URL as written, with the password and the value of every query parameter whose name
    // holds "pass", "secret" or "token" (any case) replaced by "***". Built from the parse, so it
    // holds for any character a password may contain.
    std::string redacted() const;
    // postgres: a libpq "keyword=value ..." string with values quoted as libpq wants.
    std::string conninfo() const;
    // The value of a postgres parameter, or "" if absent.
    std::string parameter(std::string_view keyword) const;
};

// Parses a URL; `origin` names where it came from ("--database-url", "DATABASE_URL",
// "file /run/secrets/db") and appears in every error. Throws ConfigError, whose message never
// shows a part of the text that could be a password: a postgres URL whose password holds an
// unencoded '/', '?' or '#' (seen from an '@' after the host) is refused rather than guessed at.
DECKHAND_API DatabaseUrl parse_database_url(std::string_view text, std::string_view origin);

// Replaces the password in anything that looks like a URL with credentials
// (scheme://user:password@host), and password=... keywords in any case, inside foreign text
// (another library's message). deckhand's own messages use DatabaseUrl::redacted() instead.
DECKHAND_API std::string redact_secrets(std::string_view text);

}  // namespace deckhand
