// What the core lends a running command: configuration, logger, output, databases,
// cancellation and the clock. Plugins keep no global state; they reach everything through this.
#pragma once

#include <chrono>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/cancellation.hpp"
#include "deckhand/check.hpp"
#include "deckhand/config.hpp"
#include "deckhand/database_url.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/db/driver.hpp"
#include "deckhand/export.hpp"

namespace spdlog {
class logger;
}

namespace deckhand {

struct ServiceOffer;

// What the host found in its plugin folders, for doctor and similar reports.
struct PluginReport {
    struct Loaded {
        std::string name;
        std::string version;
        std::string file;
        std::vector<std::string> commands;
        std::vector<std::string> drivers;
    };
    struct Refused {
        std::string file;
        std::string reason;
    };
    std::vector<Loaded> loaded;
    std::vector<Refused> refused;
};

// How a command wants its database opened (since plugin API 1.4): see Context::open_database_with.
struct OpenRequest {
    db::OpenMode mode = db::OpenMode::create;
    // One attempt, whatever Config::wait_for_database says (as open_database_once()).
    bool once = false;
    // Another database than the configured one (as open_database(url)); not owned.
    const DatabaseUrl* url = nullptr;
};

class DECKHAND_API Context {
  public:
    virtual ~Context();

    virtual const Config& config() const = 0;
    virtual spdlog::logger& log() = 0;
    // Standard output: results, tables, JSON. Logs go to stderr through log().
    virtual std::ostream& out() = 0;

    // Opens the configured database (Config::database_url()), loading the driver plugin for
    // its scheme. The connection is cancelled when SIGTERM or SIGINT arrives. While the
    // database cannot be reached yet (db::ConnectionError::transient()), retries for up to
    // Config::wait_for_database, then throws TimedOut; other failures throw at once.
    virtual std::unique_ptr<db::Connection> open_database() = 0;
    virtual std::unique_ptr<db::Connection> open_database(const DatabaseUrl& url) = 0;

    virtual Cancellation& cancellation() = 0;

    // Loads every plugin, then reports what was loaded and what was refused.
    virtual PluginReport plugins() = 0;
    // Loads every plugin, then returns the checks they contributed (owned by the host).
    virtual std::vector<Check*> checks() = 0;

    virtual std::chrono::system_clock::time_point now() const {
        return std::chrono::system_clock::now();
    }

    // Since plugin API 1.2. Opens the configured database with one attempt, whatever
    // Config::wait_for_database says: for commands that run a wait of their own (status --wait,
    // wait-for-job's look at the database) and must neither block in a second one nor hold a
    // connection between their checks. Throws db::ConnectionError when it cannot connect. The
    // default is open_database(), for contexts that never wait.
    virtual std::unique_ptr<db::Connection> open_database_once();

    // Since plugin API 1.3. `text` with every secret of this run that the host knows (the
    // database URL's password, in every spelling) replaced by "***", and URL-shaped
    // credentials masked: for what a command prints on stdout itself, such as the error in a
    // JSON report (stderr and the log are scrubbed by the host). The default masks only
    // URL-shaped credentials (redact_secrets).
    virtual std::string redact(std::string_view text) const;

    // Since plugin API 1.4. The service offered under `name`, loading the plugin that offers it
    // (see deckhand/service.hpp; call it through use_service, which also checks the type's
    // plugin API). The default offers nothing.
    virtual ServiceOffer find_service(const std::string& name);

    // Since plugin API 1.4. open_database(), open_database(url) or open_database_once(), as
    // `request` says, with its db::OpenMode handed to the driver: a command that must not
    // create a database (status, validate, doctor, tasks) asks for `existing` or `read_only`,
    // and a SQLite path that names no file is then a ConfigError naming it, with nothing
    // created. open_database() and the others open as `create`. The default ignores the mode,
    // for contexts that open no files.
    virtual std::unique_ptr<db::Connection> open_database_with(const OpenRequest& request);

    // Since plugin API 1.5. The configured database's URL (Config::database_url()), parsed
    // once a run and checked by the driver of its scheme (db::Driver::check), so that a URL
    // its driver cannot use is a ConfigError here, as it would be when opening. The default
    // parses it, unchecked.
    virtual DatabaseUrl database_url();
    // Since plugin API 1.5. The configured database's dialect ("postgres", "sqlite", or a
    // third-party driver's), as its driver declares it, known before connecting: what a
    // command reads the migrations folder for. "" when only a connection can tell (a driver
    // of plugin API 1.4 or older, or no driver for the scheme): read the folder for
    // Connection::dialect() then. Throws what database_url() throws. The default is "".
    virtual std::string dialect();
    // Since plugin API 1.5. Every dialect the drivers in the plugin folders declare, sorted:
    // the folders of the migrations folder that belong to another dialect
    // (script::FolderRules::other_dialects). The default names none.
    virtual std::vector<std::string> dialects();
};

}  // namespace deckhand
