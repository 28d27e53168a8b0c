// Parsing of database URLs into what the drivers need, and their redacted form. Redaction works
// on the parse, not on patterns over text: the parse records where in the text each secret lies
// (the password, and the value of every query parameter whose name says it is secret), and the
// redacted URL is the text with those places masked. A URL that cannot be split without guessing
// is refused, and no refusal shows any part of the text that could be a secret.
#include "deckhand/database_url.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "config/url_secrets.hpp"
#include "deckhand/ascii.hpp"
#include "deckhand/errors.hpp"

namespace deckhand {
namespace {

constexpr const char* masked = "***";
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

[[noreturn]] void reject(std::string_view origin, const std::string& why) {
    throw ConfigError("the database URL from " + std::string(origin) + " " + why);
}

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

std::string percent_decode(std::string_view text, std::string_view part, std::string_view origin) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
        int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
        if (high < 0 || low < 0) {
            reject(origin, "has a malformed percent-escape in its " + std::string(part) +
                               " (write a literal % as %25)");
        }
        const char decoded = static_cast<char>(high * 16 + low);
        if (decoded == '\0') {
            reject(origin, "has a NUL byte (%00) in its " + std::string(part));
        }
        out += decoded;
        i += 2;
    }
    return out;
}

bool valid_port(std::string_view port) {
    if (port.empty() || port.size() > 5) {
        return false;
    }
    if (!std::all_of(port.begin(), port.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        return false;
    }
    int value = std::stoi(std::string(port));
    return value >= 1 && value <= 65535;
}

// A parameter name in the query: libpq's keywords are lower-case words joined by '_'.
bool plausible_keyword(std::string_view key) {
    return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

// The values libpq accepts for its enumerated parameters: anything else is a mistake in the URL,
// found before any connection is tried.
void check_value(std::string_view key, std::string_view value, std::string_view origin) {
    struct Allowed {
        std::string_view key;
        std::string_view values;
    };
    static constexpr std::array<Allowed, 5> allowed = {{
        {"sslmode", "disable, allow, prefer, require, verify-ca, verify-full"},
        {"gssencmode", "disable, prefer, require"},
        {"channel_binding", "disable, prefer, require"},
        {"target_session_attrs", "any, read-write, read-only, primary, standby, prefer-standby"},
        {"replication", "true, on, yes, 1, false, off, no, 0, database"},
    }};
    static constexpr std::array<std::string_view, 5> numeric = {
        "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
        "keepalives_count"};
    for (const auto& rule : allowed) {
        if (key != rule.key) {
            continue;
        }
        std::string_view rest = rule.values;
        while (!rest.empty()) {
            const auto comma = rest.find(", ");
            if (rest.substr(0, comma) == value) {
                return;
            }
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
        }
        reject(origin, "has " + std::string(key) + "=" + std::string(value) +
                           ", which is not one of " + std::string(rule.values));
    }
    if (std::find(numeric.begin(), numeric.end(), key) != numeric.end() &&
        (value.empty() || value.size() > 9 || !std::all_of(value.begin(), value.end(), [](char c) {
             return std::isdigit(static_cast<unsigned char>(c));
         }))) {
        reject(origin, "has " + std::string(key) + "=" + std::string(value) +
                           ", which is not a whole number of seconds or a count");
    }
}

// host[:port][,host[:port]...] with [v6] hosts, as libpq accepts.
void parse_hosts(std::string_view hostlist, DatabaseUrl& url, std::string_view origin) {
    std::string hosts;
    std::string ports;
    bool any_port = false;
    std::size_t start = 0;
    while (start <= hostlist.size()) {
        std::size_t comma = hostlist.find(',', start);
        std::string_view item = hostlist.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        std::string host;
        std::string port;
        if (!item.empty() && item.front() == '[') {
            auto close = item.find(']');
            if (close == std::string_view::npos) {
                reject(origin, "has an unclosed '[' in its host");
            }
            host = std::string(item.substr(1, close - 1));
            auto rest = item.substr(close + 1);
            if (!rest.empty()) {
                if (rest.front() != ':') {
                    reject(origin, "has text after an IPv6 address in brackets");
                }
                port = std::string(rest.substr(1));
            }
        } else {
            auto colon = item.rfind(':');
            host = std::string(item.substr(0, colon));
            if (colon != std::string_view::npos) {
                port = std::string(item.substr(colon + 1));
            }
        }
        host = percent_decode(host, "host", origin);
        if (!port.empty() && !valid_port(port)) {
            // Not shown: a password given without its '@' ends up here.
            reject(origin,
                   "has a port that is not a number from 1 to 65535" + std::string(encode_hint));
        }
        any_port = any_port || !port.empty();
        if (start != 0) {
            hosts += ',';
            ports += ',';
        }
        hosts += host;
        ports += port;
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    if (!hosts.empty() && hosts != std::string(std::count(hosts.begin(), hosts.end(), ','), ',')) {
        url.parameters.emplace_back("host", hosts);
    }
    if (any_port) {
        url.parameters.emplace_back("port", ports);
    }
}

// key=value&key=value: each parameter overrides the same keyword from the authority, as in libpq.
void parse_query(Piece query, Parsed& parsed, std::string_view origin, bool check_values) {
    std::size_t start = 0;
    while (start < query.text.size()) {
        std::size_t amp = query.text.find('&', start);
        const Piece item =
            query.sub(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        if (!item.text.empty()) {
            const auto eq = item.text.find('=');
            const std::string_view raw_key = item.text.substr(0, eq);
            if (!plausible_keyword(raw_key)) {
                reject(origin, "has a query parameter whose name is not a libpq keyword" +
                                   std::string(encode_hint));
            }
            const std::string key(raw_key);
            if (eq == std::string_view::npos) {
                reject(origin,
                       "has query parameter '" + key + "' without a value (write key=value)");
            }
            const Piece raw_value = item.sub(eq + 1);
            std::string value = percent_decode(raw_value.text, "query", origin);
            if (is_secret_parameter(key)) {
                parsed.secrets.push_back({raw_value.offset, raw_value.text.size(), value});
            } else if (check_values) {
                check_value(key, value, origin);
            }
            auto& parameters = parsed.url.parameters;
            auto existing = std::find_if(parameters.begin(), parameters.end(),
                                         [&](const auto& p) { return p.first == key; });
            if (existing != parameters.end()) {
                existing->second = std::move(value);
            } else {
                parameters.emplace_back(key, std::move(value));
            }
        }
        if (amp == std::string_view::npos) {
            break;
        }
        start = amp + 1;
    }
}

// rest: [user[:password]@]hostlist[/dbname][?query]. The authority ends at the first '/' or '?'
// and the user info at the authority's last '@', so a password may hold a raw '@' or ':'. A raw
// '/', '?' or '#' in a password would move that boundary: the '@' after it gives that away, and
// the URL is refused rather than guessed at, since a wrong guess would put part of the password
// into a host or database name, and from there into messages.
void parse_postgres(Piece rest, Parsed& parsed, std::string_view origin) {
    if (rest.text.find('#') != std::string_view::npos) {
        reject(origin, "has a '#', which a database URL has no use for" + std::string(encode_hint));
    }
    const auto authority_end = std::min(rest.text.find_first_of("/?"), rest.text.size());
    Piece authority = rest.sub(0, authority_end);
    const Piece after = rest.sub(authority_end);
    if (after.text.find('@') != std::string_view::npos) {
        reject(origin, "has an '@' after its host, so where its password ends is unclear" +
                           std::string(encode_hint));
    }
    Piece path;
    Piece query;
    const auto q = after.text.find('?');
    if (!after.text.empty() && after.text.front() == '/') {
        path = after.sub(1, q == std::string_view::npos ? std::string_view::npos : q - 1);
    }
    if (q != std::string_view::npos) {
        query = after.sub(q + 1);
    }
    DatabaseUrl& url = parsed.url;
    if (auto at = authority.text.rfind('@'); at != std::string_view::npos) {
        const Piece userinfo = authority.sub(0, at);
        authority = authority.sub(at + 1);
        const auto colon = userinfo.text.find(':');
        std::string user = percent_decode(userinfo.text.substr(0, colon), "user name", origin);
        if (!user.empty()) {
            url.parameters.emplace_back("user", std::move(user));
        }
        if (colon != std::string_view::npos) {
            const Piece password = userinfo.sub(colon + 1);
            std::string decoded = percent_decode(password.text, "password", origin);
            parsed.secrets.push_back({password.offset, password.text.size(), decoded});
            url.parameters.emplace_back("password", std::move(decoded));
        }
    }
    parse_hosts(authority.text, url, origin);
    if (!path.text.empty()) {
        url.parameters.emplace_back("dbname", percent_decode(path.text, "database name", origin));
    }
    parse_query(query, parsed, origin, true);
}

void parse_sqlite(std::string_view rest, DatabaseUrl& url, std::string_view origin) {
    if (rest == ":memory:") {
        url.path = ":memory:";
        url.in_memory = true;
        return;
    }
    if (rest.substr(0, 2) == "//") {
        rest.remove_prefix(2);
        if (rest.empty() || rest.front() != '/') {
            reject(origin,
                   "names no absolute path after sqlite:// (write sqlite:relative/file.db or "
                   "sqlite:///absolute/file.db)");
        }
    }
    if (rest.empty()) {
        reject(origin, "names no file (write sqlite:path/to/file.db)");
    }
    url.path = percent_decode(rest, "path", origin);
}

// A scheme that some third-party driver serves: the text is kept for it, and only what is
// certainly credentials (the user info of scheme://user:password@host) is recorded as secret.
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
            parse_query(after.sub(q + 1), query, origin, false);
        } catch (const ConfigError&) {
            // Not key=value pairs: hide the whole query.
            query.secrets = {{after.offset + q + 1, after.text.size() - q - 1, {}}};
        }
        parsed.secrets.insert(parsed.secrets.end(), query.secrets.begin(), query.secrets.end());
    }
}

Parsed parse(std::string_view text, std::string_view origin) {
    Parsed parsed;
    DatabaseUrl& url = parsed.url;
    url.text = std::string(text);
    auto colon = text.find(':');
    bool scheme_ok =
        colon != std::string_view::npos && colon > 0 &&
        std::isalpha(static_cast<unsigned char>(text[0])) &&
        std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
        });
    if (!scheme_ok) {
        reject(origin,
               "is not a database URL (expected postgres://user@host/db, sqlite:file.db or "
               "sqlite::memory:)");
    }
    const std::string scheme = ascii_lower(text.substr(0, colon));
    const Piece rest{colon + 1, text.substr(colon + 1)};
    if (scheme == "postgres" || scheme == "postgresql") {
        url.scheme = "postgres";
        if (rest.text.substr(0, 2) != "//") {
            reject(origin, "must start with postgres:// (or postgresql://)");
        }
        parse_postgres(rest.sub(2), parsed, origin);
    } else if (scheme == "sqlite" || scheme == "sqlite3") {
        url.scheme = "sqlite";
        parse_sqlite(rest.text, url, origin);
    } else if (!rest.text.empty() && std::all_of(rest.text.begin(), rest.text.end(), [](char c) {
                   return std::isdigit(static_cast<unsigned char>(c));
               })) {
        // "localhost:5432": a host and port without a scheme.
        reject(origin, "is not a database URL but a host and port (write postgres://user@" +
                           scheme + ":" + std::string(rest.text) + "/dbname)");
    } else {
        // A scheme some third-party driver may serve; it parses the rest itself.
        url.scheme = scheme;
        url.path = std::string(rest.text);
        note_foreign_secrets(rest, parsed, origin);
    }
    return parsed;
}

}  // namespace

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
        return scheme + ":" + (scheme == "sqlite" ? path : std::string());
    }
    std::string out;
    std::size_t shown = 0;
    for (const auto& span : url_secret_spans(text)) {
        out.append(text, shown, span.offset - shown);
        out += masked;
        shown = span.offset + span.length;
    }
    out.append(text, shown);
    return out;
}

std::string DatabaseUrl::parameter(std::string_view keyword) const {
    for (const auto& [key, value] : parameters) {
        if (key == keyword) {
            return value;
        }
    }
    return {};
}

std::string DatabaseUrl::conninfo() const {
    std::string out;
    for (const auto& [key, value] : parameters) {
        if (!out.empty()) {
            out += ' ';
        }
        out += key;
        out += "='";
        for (char c : value) {
            if (c == '\\' || c == '\'') {
                out += '\\';
            }
            out += c;
        }
        out += '\'';
    }
    return out;
}

}  // namespace deckhand
