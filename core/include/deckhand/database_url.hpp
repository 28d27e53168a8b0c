// Database URLs as the core knows them: the scheme, the text and its redaction (and, for file
// URLs, the path). What the rest of a URL means (libpq's parameters, SQLite's :memory:) is the
// business of the driver that serves the scheme (db::Driver::check and open).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand {

struct DECKHAND_API DatabaseUrl {
    std::string scheme;  // lower case; "postgres" also for postgresql://, "sqlite" for sqlite3:
    std::string text;    // exactly as the user wrote it; never print this, print redacted()

    // For a URL without a host (scheme:path, or scheme:///absolute/path), the path,
    // percent-decoded where that decodes; empty for scheme://host/... URLs. A driver whose
    // databases are files may take it as it is, or read `text` itself.
    std::string path;
    // Until plugin API 1.4 the core parsed these for the drivers it shipped; since 1.5 those
    // drivers parse their own URLs and these stay false and empty. They keep their places so that
    // a plugin built against 1.4 (which may copy a DatabaseUrl, or read them) still finds the
    // layout it was compiled for: SDK types only grow within a major.
    bool in_memory = false;
    std::vector<std::pair<std::string, std::string>> parameters;
    // Since plugin API 1.5: where the URL came from ("--database-url", "DATABASE_URL", "file
    // /run/secrets/db"), for the errors a driver raises about it.
    std::string origin;

    // The URL as written, with the password and the value of every query parameter whose name
    // holds "pass", "secret" or "token" (any case) replaced by "***". Built from the text, so it
    // holds for any character a password may contain.
    std::string redacted() const;
};

// Splits off the scheme; `origin` names where the text came from and appears in every error.
// Throws ConfigError for text that is not a URL at all (no scheme, or a bare host:port). The rest
// is checked by the driver of the scheme when the URL is used (Context::database_url()).
DECKHAND_API DatabaseUrl parse_database_url(std::string_view text, std::string_view origin);

// Since plugin API 1.5, for drivers that parse their URLs: `text` with its %XX escapes decoded.
// Throws ConfigError "the database URL from <origin> has a malformed percent-escape in its
// <part> ..." (and for %00), never showing the text.
DECKHAND_API std::string decode_url_part(std::string_view text, std::string_view part,
                                         std::string_view origin);

// Since plugin API 1.5: the ConfigError a driver throws about a URL, "the database URL from
// <origin> <why>". `why` must not show any part of the URL that could be a secret.
[[noreturn]] DECKHAND_API void refuse_database_url(std::string_view origin, const std::string& why);

// True for a query parameter whose value is a secret: its name holds "pass", "secret" or
// "token" in any case (password, Password, sslpassword, ...). Redaction masks those values.
DECKHAND_API bool is_secret_parameter(std::string_view key);

// Replaces the password in anything that looks like a URL with credentials
// (scheme://user:password@host), and password=... keywords in any case, inside foreign text
// (another library's message). deckhand's own messages use DatabaseUrl::redacted() instead.
DECKHAND_API std::string redact_secrets(std::string_view text);

}  // namespace deckhand
