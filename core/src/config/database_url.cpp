// What the core makes of a database URL: its scheme, its text, the path of a file URL, and where
// its secrets lie, for redaction. Redaction works on the structure of the text, not on patterns:
// it records where each secret lies (the password, and the value of every query parameter whose
// name says it is secret), and the redacted URL is the text with those places masked. Parsing
// the rest into what a connection needs is the driver's (db::Driver::check and open).
#include "deckhand/database_url.hpp"

#include <algorithm>
#include <cctype>

#include "config/url_secrets.hpp"
#include "deckhand/ascii.hpp"
#include "deckhand/errors.hpp"

namespace deckhand {
namespace {

constexpr const char* encode_hint =
    "; percent-encode @ : / ? # % and spaces in the user name, password and parameter values "
    "(as %40 %3A %2F %3F %23 %25 %20)";

// A piece of the URL's text: where it starts in the whole text, and what it says.
struct Piece {
    std::size_t offset = 0;
    std::string_view text;

    Piece sub(std::size_t from, std::size_t count = std::string_view::npos) const {
        from = std::min(from, text.size());
        return {offset + from, text.substr(from, count)};
    }
};

struct Parsed {
    DatabaseUrl url;
    std::vector<SecretSpan> secrets;
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// A parameter name in the query: lower-case words joined by '_', as libpq's keywords are.
bool plausible_keyword(std::string_view key) {
    return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

// key=value&key=value: the values of secret parameters are secrets.
void note_query_secrets(Piece query, Parsed& parsed, std::string_view origin) {
    std::size_t start = 0;
    while (start < query.text.size()) {
        const std::size_t amp = query.text.find('&', start);
        const Piece item =
            query.sub(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        if (!item.text.empty()) {
            const auto eq = item.text.find('=');
            const std::string_view key = item.text.substr(0, eq);
            if (!plausible_keyword(key)) {
                refuse_database_url(origin,
                                    "has a query parameter whose name is not a libpq keyword" +
                                        std::string(encode_hint));
            }
            if (eq == std::string_view::npos) {
                refuse_database_url(origin, "has query parameter '" + std::string(key) +
                                                "' without a value (write key=value)");
            }
            if (is_secret_parameter(key)) {
                const Piece value = item.sub(eq + 1);
                parsed.secrets.push_back({value.offset, value.text.size(),
                                          decode_url_part(value.text, "query", origin)});
            }
        }
        if (amp == std::string_view::npos) {
            break;
        }
        start = amp + 1;
    }
}

// rest (after "//"): [user[:password]@]hosts[/path][?query]. The authority ends at the first '/'
// or '?' and the user info at the authority's last '@', so a password may hold a raw '@' or ':'.
// A raw '/', '?' or '#' in a password would move that boundary: the '@' after it gives that
// away, and the scan fails rather than guesses (the caller then masks everything).
void note_authority_secrets(Piece rest, Parsed& parsed, std::string_view origin) {
    if (rest.text.find('#') != std::string_view::npos) {
        refuse_database_url(
            origin, "has a '#', which a database URL has no use for" + std::string(encode_hint));
    }
    const auto authority_end = std::min(rest.text.find_first_of("/?"), rest.text.size());
    const Piece authority = rest.sub(0, authority_end);
    const Piece after = rest.sub(authority_end);
    if (after.text.find('@') != std::string_view::npos) {
        refuse_database_url(origin,
                            "has an '@' after its host, so where its password ends is unclear" +
                                std::string(encode_hint));
    }
    if (auto at = authority.text.rfind('@'); at != std::string_view::npos) {
        const Piece userinfo = authority.sub(0, at);
        if (const auto colon = userinfo.text.find(':'); colon != std::string_view::npos) {
            const Piece password = userinfo.sub(colon + 1);
            parsed.secrets.push_back({password.offset, password.text.size(),
                                      decode_url_part(password.text, "password", origin)});
        }
    }
    if (const auto q = after.text.find('?'); q != std::string_view::npos) {
        note_query_secrets(after.sub(q + 1), parsed, origin);
    }
}

// A scheme that some third-party driver serves: only what is certainly credentials (the user
// info of scheme://user:password@host, secret query parameters) is recorded as secret.
void note_foreign_secrets(Piece rest, Parsed& parsed, std::string_view origin) {
    if (rest.text.substr(0, 2) != "//") {
        if (rest.text.find('@') != std::string_view::npos) {
            parsed.secrets.push_back({rest.offset, rest.text.size(), {}});
        }
        return;
    }
    const Piece body = rest.sub(2);
    const auto authority_end = std::min(body.text.find_first_of("/?#"), body.text.size());
    const Piece after = body.sub(authority_end);
    if (after.text.find('@') != std::string_view::npos) {
        parsed.secrets.push_back({body.offset, body.text.size(), {}});
        return;
    }
    if (auto at = body.text.substr(0, authority_end).rfind('@'); at != std::string_view::npos) {
        const auto colon = body.text.substr(0, at).find(':');
        if (colon != std::string_view::npos) {
            parsed.secrets.push_back({body.offset + colon + 1, at - colon - 1, {}});
        }
    }
    if (auto q = after.text.find('?'); q != std::string_view::npos) {
        Parsed query;
        try {
            note_query_secrets(after.sub(q + 1), query, origin);
        } catch (const ConfigError&) {
            // Not key=value pairs: hide the whole query.
            query.secrets = {{after.offset + q + 1, after.text.size() - q - 1, {}}};
        }
        parsed.secrets.insert(parsed.secrets.end(), query.secrets.begin(), query.secrets.end());
    }
}

// The path of a URL without a host: scheme:path or scheme:///absolute/path. Decoded where it
// decodes; the driver that reads it says what is wrong with it.
std::string file_path(std::string_view rest) {
    if (rest.substr(0, 2) == "//") {
        if (rest.substr(0, 3) != "///") {
            return {};
        }
        rest.remove_prefix(2);
    }
    try {
        return decode_url_part(rest, "path", "");
    } catch (const ConfigError&) {
        return std::string(rest);
    }
}

Parsed parse(std::string_view text, std::string_view origin) {
    Parsed parsed;
    DatabaseUrl& url = parsed.url;
    url.text = std::string(text);
    url.origin = std::string(origin);
    auto colon = text.find(':');
    bool scheme_ok =
        colon != std::string_view::npos && colon > 0 &&
        std::isalpha(static_cast<unsigned char>(text[0])) &&
        std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
        });
    if (!scheme_ok) {
        refuse_database_url(origin,
                            "is not a database URL (expected postgres://user@host/db, "
                            "sqlite:file.db or sqlite::memory:)");
    }
    const std::string scheme = ascii_lower(text.substr(0, colon));
    const Piece rest{colon + 1, text.substr(colon + 1)};
    url.path = file_path(rest.text);
    // The other spellings of the schemes of the drivers deckhand ships, so that one driver
    // serves both; and how their secrets are found (a SQLite path holds none).
    if (scheme == "postgres" || scheme == "postgresql") {
        url.scheme = "postgres";
        try {
            if (rest.text.substr(0, 2) != "//") {
                refuse_database_url(origin, "has no authority");
            }
            note_authority_secrets(rest.sub(2), parsed, origin);
        } catch (const ConfigError&) {
            // Not a URL whose secrets can be told apart: everything after the scheme may be one.
            parsed.secrets = {{rest.offset, rest.text.size(), {}}};
        }
    } else if (scheme == "sqlite" || scheme == "sqlite3") {
        url.scheme = "sqlite";
    } else if (!rest.text.empty() && std::all_of(rest.text.begin(), rest.text.end(), [](char c) {
                   return std::isdigit(static_cast<unsigned char>(c));
               })) {
        // "localhost:5432": a host and port without a scheme.
        refuse_database_url(
            origin, "is not a database URL but a host and port (write postgres://user@" + scheme +
                        ":" + std::string(rest.text) + "/dbname)");
    } else {
        url.scheme = scheme;
        note_foreign_secrets(rest, parsed, origin);
    }
    return parsed;
}

}  // namespace

void refuse_database_url(std::string_view origin, const std::string& why) {
    throw ConfigError("the database URL from " + std::string(origin) + " " + why);
}

std::string decode_url_part(std::string_view text, std::string_view part, std::string_view origin) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        const int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
        const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
        if (high < 0 || low < 0) {
            refuse_database_url(origin, "has a malformed percent-escape in its " +
                                            std::string(part) + " (write a literal % as %25)");
        }
        const char decoded = static_cast<char>(high * 16 + low);
        if (decoded == '\0') {
            refuse_database_url(origin, "has a NUL byte (%00) in its " + std::string(part));
        }
        out += decoded;
        i += 2;
    }
    return out;
}

bool is_secret_parameter(std::string_view key) {
    const std::string lower = ascii_lower(key);
    for (std::string_view word : {"pass", "secret", "token"}) {
        if (lower.find(word) != std::string::npos) {
            return true;
        }
    }
    return false;
}

std::vector<SecretSpan> url_secret_spans(std::string_view text) {
    try {
        return parse(text, "").secrets;
    } catch (const ConfigError&) {
        // Not a URL deckhand understands: everything after the scheme may be secret.
        const auto colon = text.find(':');
        const std::size_t start = colon == std::string_view::npos ? 0 : colon + 1;
        return {{start, text.size() - start, {}}};
    }
}

DatabaseUrl parse_database_url(std::string_view text, std::string_view origin) {
    return parse(text, origin).url;
}

std::string DatabaseUrl::redacted() const {
    if (text.empty()) {
        return scheme + ":" + path;
    }
    std::string out;
    std::size_t shown = 0;
    for (const auto& span : url_secret_spans(text)) {
        out.append(text, shown, span.offset - shown);
        out += secret_mask;
        shown = span.offset + span.length;
    }
    out.append(text, shown);
    return out;
}

}  // namespace deckhand
