// A database driver, registered by a plugin for one URL scheme: a factory of connections and
// (since plugin API 1.5) the owner of its dialect's name and of what its URLs mean beyond their
// scheme (the core's DatabaseUrl keeps only the scheme, the text and its redaction).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "deckhand/database_url.hpp"
#include "deckhand/db/connection.hpp"

namespace deckhand::db {

// Whether opening may create the database, and whether the command writes (since plugin API
// 1.4). Only a driver whose databases are files sees a difference: connecting to a server
// never creates a database. A command that creates nothing on a mistyped path opens with
// `existing` or `read_only`, and gets a ConfigError naming the path when it does not exist.
enum class OpenMode {
    create,     // open for writing, creating the database when missing: migrate, seed, baseline
    existing,   // open for writing; the database must exist: repair, tasks, sql, dry runs
    read_only,  // open for reading only; the database must exist: status, validate, doctor
};

struct ConnectOptions {
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
    std::string application_name = "deckhand";
    // Since plugin API 1.4 (last, so that a driver built for 1.3 reads the fields it knows at
    // the offsets it knows, and opens as it always did: as `create`).
    OpenMode mode = OpenMode::create;
};

// Opens a connection or throws ConnectionError (unreachable, bad credentials) or ConfigError. It
// parses url.text itself (the core has not: see Driver::check).
using DriverFactory =
    std::function<std::unique_ptr<Connection>(const DatabaseUrl&, const ConnectOptions&)>;

// Since plugin API 1.5: a driver as a plugin registers it (Registry::add_database_driver, with
// DECKHAND_PLUGIN_DATABASE_DRIVER in deckhand/plugin.hpp). The driver owns everything its URLs
// mean beyond their scheme, and the name of its dialect.
struct Driver {
    // What Connection::dialect() says of every connection it opens, and the name of the
    // dialect's folder of migrations (migrations/<dialect>/, migrations/post/<dialect>/). The
    // host knows it before the plugin is loaded, from the plugin file, and refuses a plugin
    // whose driver says otherwise at registration or when it connects.
    std::string dialect;
    DriverFactory open;
    // Checks a URL of the driver's scheme without connecting: throws ConfigError naming
    // url.origin (refuse_database_url) when the URL cannot work. The host calls it once a run,
    // when the URL is first asked for (Context::database_url()). May be empty.
    std::function<void(const DatabaseUrl&)> check;
};

}  // namespace deckhand::db
