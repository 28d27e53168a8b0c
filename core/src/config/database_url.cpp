// Parsing of database URLs into what the drivers need, and redaction of their passwords.
#include "deckhand/database_url.hpp"

#include <algorithm>
#include <cctype>

#include "deckhand/ascii.hpp"
#include "deckhand/errors.hpp"

namespace deckhand {
namespace {

constexpr const char* masked = "***";

std::string single_quoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

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
        out += static_cast<char>(high * 16 + low);
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
                    reject(origin, "has text after the IPv6 address " + single_quoted(host));
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
            reject(origin,
                   "has port " + single_quoted(port) + ", which is not a number from 1 to 65535");
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

void parse_postgres(std::string_view rest, DatabaseUrl& url, std::string_view origin) {
    // rest: [userinfo@]hostlist[/dbname][?query]
    std::string_view query;
    if (auto q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string_view path;
    // The authority ends at the first '/' after the last '@' (passwords may hold '/').
    std::size_t at = rest.rfind('@');
    std::size_t slash = rest.find('/', at == std::string_view::npos ? 0 : at);
    if (slash != std::string_view::npos) {
        path = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
    }
    if (at != std::string_view::npos) {
        std::string_view userinfo = rest.substr(0, at);
        rest = rest.substr(at + 1);
        auto colon = userinfo.find(':');
        std::string user = percent_decode(userinfo.substr(0, colon), "user name", origin);
        if (!user.empty()) {
            url.parameters.emplace_back("user", user);
        }
        if (colon != std::string_view::npos) {
            url.parameters.emplace_back(
                "password", percent_decode(userinfo.substr(colon + 1), "password", origin));
        }
    }
    parse_hosts(rest, url, origin);
    if (!path.empty()) {
        url.parameters.emplace_back("dbname", percent_decode(path, "database name", origin));
    }
    std::size_t start = 0;
    while (!query.empty() && start <= query.size()) {
        std::size_t amp = query.find('&', start);
        std::string_view item = query.substr(
            start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        if (!item.empty()) {
            auto eq = item.find('=');
            if (eq == std::string_view::npos || eq == 0) {
                reject(origin, "has query parameter " + single_quoted(item) +
                                   " without a value (write key=value)");
            }
            std::string key = percent_decode(item.substr(0, eq), "query", origin);
            std::string value = percent_decode(item.substr(eq + 1), "query", origin);
            // A query parameter overrides the same keyword from the authority part, as in libpq.
            auto existing = std::find_if(url.parameters.begin(), url.parameters.end(),
                                         [&](const auto& p) { return p.first == key; });
            if (existing != url.parameters.end()) {
                existing->second = value;
            } else {
                url.parameters.emplace_back(key, value);
            }
        }
        if (amp == std::string_view::npos) {
            break;
        }
        start = amp + 1;
    }
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

}  // namespace

DatabaseUrl parse_database_url(std::string_view text, std::string_view origin) {
    DatabaseUrl url;
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
    std::string_view rest = text.substr(colon + 1);
    if (scheme == "postgres" || scheme == "postgresql") {
        url.scheme = "postgres";
        if (rest.substr(0, 2) != "//") {
            reject(origin, "must start with postgres:// (or postgresql://)");
        }
        parse_postgres(rest.substr(2), url, origin);
    } else if (scheme == "sqlite" || scheme == "sqlite3") {
        url.scheme = "sqlite";
        parse_sqlite(rest, url, origin);
    } else if (!rest.empty() && std::all_of(rest.begin(), rest.end(), [](char c) {
                   return std::isdigit(static_cast<unsigned char>(c));
               })) {
        // "localhost:5432": a host and port without a scheme.
        reject(origin, "is not a database URL but a host and port (write postgres://user@" +
                           scheme + ":" + std::string(rest) + "/dbname)");
    } else {
        // A scheme some third-party driver may serve; it parses the rest itself.
        url.scheme = scheme;
        url.path = std::string(rest);
    }
    return url;
}

std::string DatabaseUrl::redacted() const {
    return redact_secrets(text);
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

std::string redact_secrets(std::string_view text) {
    std::string out(text);
    // scheme://user:password@host  ->  scheme://user:***@host
    for (std::size_t pos = out.find("://"); pos != std::string::npos;
         pos = out.find("://", pos + 3)) {
        std::size_t authority = pos + 3;
        std::size_t end = authority;
        while (end < out.size() && !std::isspace(static_cast<unsigned char>(out[end])) &&
               out[end] != '"' && out[end] != '\'') {
            ++end;
        }
        // The last '@' of the URL ends the user info, since passwords may contain '@' and '/'.
        std::size_t at = out.rfind('@', end == 0 ? 0 : end - 1);
        if (at == std::string::npos || at < authority) {
            continue;
        }
        std::size_t colon = out.find(':', authority);
        if (colon == std::string::npos || colon > at) {
            continue;
        }
        out.replace(colon + 1, at - colon - 1, masked);
    }
    // password=secret in query strings and libpq keyword strings.
    for (std::size_t pos = out.find("password="); pos != std::string::npos;
         pos = out.find("password=", pos + 1)) {
        std::size_t start = pos + 9;
        std::size_t end = start;
        if (end < out.size() && out[end] == '\'') {
            ++end;
            while (end < out.size() && out[end] != '\'') {
                end += out[end] == '\\' ? 2 : 1;
            }
            end = std::min(end + 1, out.size());
        } else {
            while (end < out.size() && !std::isspace(static_cast<unsigned char>(out[end])) &&
                   out[end] != '&' && out[end] != '"') {
                ++end;
            }
        }
        out.replace(start, end - start, masked);
    }
    return out;
}

}  // namespace deckhand
