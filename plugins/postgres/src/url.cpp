// Parsing of postgres:// URLs into libpq parameters. The authority ends at the first '/' or '?'
// and the user info at the authority's last '@', so a password may hold a raw '@' or ':'. A raw
// '/', '?' or '#' in a password would move that boundary: the '@' after it gives that away, and
// the URL is refused rather than guessed at, since a wrong guess would put part of the password
// into a host or database name, and from there into messages.
#include "url.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace deckhand::postgres {
namespace {

constexpr const char* encode_hint =
    "; percent-encode @ : / ? # % and spaces in the user name, password and parameter values "
    "(as %40 %3A %2F %3F %23 %25 %20)";

using Parameters = std::vector<std::pair<std::string, std::string>>;

bool all_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool valid_port(std::string_view port) {
    if (port.empty() || port.size() > 5 || !all_digits(port)) {
        return false;
    }
    const int value = std::stoi(std::string(port));
    return value >= 1 && value <= 65535;
}

// libpq's keywords are lower-case words joined by '_'.
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
        refuse_database_url(origin, "has " + std::string(key) + "=" + std::string(value) +
                                        ", which is not one of " + std::string(rule.values));
    }
    if (std::find(numeric.begin(), numeric.end(), key) != numeric.end() &&
        (value.empty() || value.size() > 9 || !all_digits(value))) {
        refuse_database_url(origin, "has " + std::string(key) + "=" + std::string(value) +
                                        ", which is not a whole number of seconds or a count");
    }
}

// host[:port][,host[:port]...] with [v6] hosts, as libpq accepts.
void parse_hosts(std::string_view hostlist, Parameters& parameters, std::string_view origin) {
    std::string hosts;
    std::string ports;
    bool any_port = false;
    std::size_t start = 0;
    while (start <= hostlist.size()) {
        const std::size_t comma = hostlist.find(',', start);
        const std::string_view item = hostlist.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        std::string host;
        std::string port;
        if (!item.empty() && item.front() == '[') {
            const auto close = item.find(']');
            if (close == std::string_view::npos) {
                refuse_database_url(origin, "has an unclosed '[' in its host");
            }
            host = std::string(item.substr(1, close - 1));
            const auto rest = item.substr(close + 1);
            if (!rest.empty()) {
                if (rest.front() != ':') {
                    refuse_database_url(origin, "has text after an IPv6 address in brackets");
                }
                port = std::string(rest.substr(1));
            }
        } else {
            const auto colon = item.rfind(':');
            host = std::string(item.substr(0, colon));
            if (colon != std::string_view::npos) {
                port = std::string(item.substr(colon + 1));
            }
        }
        host = decode_url_part(host, "host", origin);
        if (!port.empty() && !valid_port(port)) {
            // Not shown: a password given without its '@' ends up here.
            refuse_database_url(origin, "has a port that is not a number from 1 to 65535" +
                                            std::string(encode_hint));
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
        parameters.emplace_back("host", hosts);
    }
    if (any_port) {
        parameters.emplace_back("port", ports);
    }
}

// key=value&key=value: each parameter overrides the same keyword from the authority, as in libpq.
void parse_query(std::string_view query, Parameters& parameters, std::string_view origin) {
    std::size_t start = 0;
    while (start < query.size()) {
        const std::size_t amp = query.find('&', start);
        const std::string_view item = query.substr(
            start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        if (!item.empty()) {
            const auto eq = item.find('=');
            const std::string_view raw_key = item.substr(0, eq);
            if (!plausible_keyword(raw_key)) {
                refuse_database_url(origin,
                                    "has a query parameter whose name is not a libpq keyword" +
                                        std::string(encode_hint));
            }
            const std::string key(raw_key);
            if (eq == std::string_view::npos) {
                refuse_database_url(
                    origin, "has query parameter '" + key + "' without a value (write key=value)");
            }
            std::string value = decode_url_part(item.substr(eq + 1), "query", origin);
            if (!is_secret_parameter(key)) {
                check_value(key, value, origin);
            }
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

// rest: [user[:password]@]hostlist[/dbname][?query]
Parameters parse_rest(std::string_view rest, std::string_view origin) {
    if (rest.find('#') != std::string_view::npos) {
        refuse_database_url(
            origin, "has a '#', which a database URL has no use for" + std::string(encode_hint));
    }
    const auto authority_end = std::min(rest.find_first_of("/?"), rest.size());
    std::string_view authority = rest.substr(0, authority_end);
    const std::string_view after = rest.substr(authority_end);
    if (after.find('@') != std::string_view::npos) {
        refuse_database_url(origin,
                            "has an '@' after its host, so where its password ends is unclear" +
                                std::string(encode_hint));
    }
    std::string_view path;
    std::string_view query;
    const auto q = after.find('?');
    if (!after.empty() && after.front() == '/') {
        path = after.substr(1, q == std::string_view::npos ? std::string_view::npos : q - 1);
    }
    if (q != std::string_view::npos) {
        query = after.substr(q + 1);
    }
    Parameters parameters;
    if (auto at = authority.rfind('@'); at != std::string_view::npos) {
        const std::string_view userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
        const auto colon = userinfo.find(':');
        std::string user = decode_url_part(userinfo.substr(0, colon), "user name", origin);
        if (!user.empty()) {
            parameters.emplace_back("user", std::move(user));
        }
        if (colon != std::string_view::npos) {
            parameters.emplace_back(
                "password", decode_url_part(userinfo.substr(colon + 1), "password", origin));
        }
    }
    parse_hosts(authority, parameters, origin);
    if (!path.empty()) {
        parameters.emplace_back("dbname", decode_url_part(path, "database name", origin));
    }
    parse_query(query, parameters, origin);
    return parameters;
}

}  // namespace

ConnectionParameters parse_url(const DatabaseUrl& url) {
    const std::string_view text = url.text;
    const auto colon = text.find(':');
    const std::string_view rest =
        colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
    if (rest.substr(0, 2) != "//") {
        refuse_database_url(url.origin, "must start with postgres:// (or postgresql://)");
    }
    return {parse_rest(rest.substr(2), url.origin)};
}

std::string ConnectionParameters::get(std::string_view keyword) const {
    for (const auto& [key, value] : values) {
        if (key == keyword) {
            return value;
        }
    }
    return {};
}

std::string ConnectionParameters::conninfo() const {
    std::string out;
    for (const auto& [key, value] : values) {
        if (!out.empty()) {
            out += ' ';
        }
        out += key;
        out += "='";
        for (const char c : value) {
            if (c == '\\' || c == '\'') {
                out += '\\';
            }
            out += c;
        }
        out += '\'';
    }
    return out;
}

}  // namespace deckhand::postgres
