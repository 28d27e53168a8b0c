// A Context such as the host lends a command, over real SQLite files (the sqlite driver library
// linked directly), for tests of the command and of the doctor check without the host.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <sstream>

#include "deckhand/context.hpp"
#include "deckhand/migrate/migrations_service.hpp"
#include "deckhand/service.hpp"
#include "deckhand/sqlite/sqlite_connection.hpp"

namespace deckhand::kubernetes {

class SqliteContext final : public Context {
  public:
    SqliteContext(const Config& config, spdlog::logger& log, Cancellation& cancellation)
        : config_(config), log_(log), cancellation_(cancellation) {}

    const Config& config() const override { return config_; }
    spdlog::logger& log() override { return log_; }
    std::ostream& out() override { return out_; }
    std::unique_ptr<db::Connection> open_database() override {
        return open_database(config_.database_url());
    }
    std::unique_ptr<db::Connection> open_database(const DatabaseUrl& url) override {
        ++databases_opened;
        return sqlite::open_sqlite(url, {});
    }
    Cancellation& cancellation() override { return cancellation_; }
    PluginReport plugins() override { return {}; }
    std::vector<Check*> checks() override { return {}; }
    // The migrate plugin's service, as the host would hand it out.
    ServiceOffer find_service(const std::string& name) override {
        if (name != MigrationsService::service_name) {
            return {};
        }
        return {migrations_.get(), plugin_api_minor, "migrate.so"};
    }

    int databases_opened = 0;

  private:
    Config config_;
    spdlog::logger& log_;
    Cancellation& cancellation_;
    std::ostringstream out_;
    std::unique_ptr<MigrationsService> migrations_ = migrate::make_migrations_service();
};

}  // namespace deckhand::kubernetes
