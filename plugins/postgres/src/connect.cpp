// open_postgres: the URL's libpq parameters plus deckhand's connection options, and connection
// failures as one sentence naming the redacted URL.
#include <libpq-fe.h>

#include <pqxx/except>

#include "connect_failure.hpp"
#include "connection.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/postgres/postgres_connection.hpp"
#include "errors.hpp"
#include "pq_session.hpp"
#include "url.hpp"

namespace deckhand::postgres {
namespace {

void append_parameter(std::string& conninfo, const char* keyword, const std::string& value) {
    if (!conninfo.empty()) {
        conninfo += ' ';
    }
    conninfo += keyword;
    conninfo += "='";
    for (char c : value) {
        if (c == '\\' || c == '\'') {
            conninfo += '\\';
        }
        conninfo += c;
    }
    conninfo += '\'';
}

std::string conninfo_for(const DatabaseUrl& url, const db::ConnectOptions& options) {
    const ConnectionParameters parameters = parse_url(url);
    std::string conninfo = parameters.conninfo();
    auto add_default = [&](const char* keyword, const std::string& value) {
        if (parameters.get(keyword).empty() && !value.empty()) {
            append_parameter(conninfo, keyword, value);
        }
    };
    // libpq counts whole seconds (0: wait forever); round up so a short timeout is not none.
    const auto milliseconds = options.connect_timeout.count();
    add_default("connect_timeout",
                std::to_string(milliseconds <= 0 ? 0 : (milliseconds + 999) / 1000));
    add_default("application_name", options.application_name);
    // Error positions are counted in characters of the client encoding; ours is UTF-8.
    add_default("client_encoding", "UTF8");
    // A server that vanished (its node died, a network partition) without closing the
    // connection would leave deckhand waiting on a statement's result for hours with the
    // kernel's defaults: probe an idle connection after 30 s, every 10 s, giving up after 3.
    add_default("keepalives", "1");
    add_default("keepalives_idle", "30");
    add_default("keepalives_interval", "10");
    add_default("keepalives_count", "3");
    return conninfo;
}

void check_parameters(const DatabaseUrl& url, const std::string& conninfo) {
    char* error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &error);
    if (parsed != nullptr) {
        PQconninfoFree(parsed);
        return;
    }
    std::string reason =
        error != nullptr ? connection_failure_reason(error) : "libpq ran out of memory";
    PQfreemem(error);
    throw ConfigError("the database URL " + url.redacted() +
                      " has parameters libpq does not accept: " + redact_secrets(reason));
}

}  // namespace

std::unique_ptr<db::Connection> open_postgres(const DatabaseUrl& url,
                                              const db::ConnectOptions& options) {
    const std::string conninfo = conninfo_for(url, options);
    check_parameters(url, conninfo);
    std::unique_ptr<PqSession> session;
    try {
        session = std::make_unique<PqSession>(conninfo);
    } catch (const ConnectFailed& failed) {
        // The server's sentence, e.g. 'password authentication failed for user "app"'.
        std::string reason = redact_secrets(connection_failure_reason(failed.failure().reason));
        std::string message = "cannot connect to " + url.redacted() + ": " + reason;
        if (failed.failure().transient()) {
            throw db::TransientConnectionError(message, std::move(reason));
        }
        throw db::ConnectionError(message);
    } catch (const std::exception& error) {
        // libpq's reason, e.g. 'password authentication failed for user "app"'.
        throw db::ConnectionError("cannot connect to " + url.redacted() + ": " +
                                  redact_secrets(connection_failure_reason(error.what())));
    }
    return std::make_unique<PostgresConnection>(std::move(session), url.redacted());
}

}  // namespace deckhand::postgres
