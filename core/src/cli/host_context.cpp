// Databases opened through the driver plugins, wrapped so that signals cancel their statements.
#include "cli/host_context.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "db/cancellable_connection.hpp"

namespace deckhand::cli {

HostContext::HostContext(const Config& config, std::shared_ptr<spdlog::logger> logger,
                         plugin::PluginHost& host, Cancellation& cancellation)
    : config_(config), logger_(std::move(logger)), host_(host), cancellation_(cancellation) {}

std::ostream& HostContext::out() {
    return std::cout;
}

std::unique_ptr<db::Connection> HostContext::open_database() {
    DatabaseUrl url = config_.database_url();
    if (config_.uses_default_database()) {
        logger_->info("no database URL given; using the embedded default {}", url.redacted());
    }
    return open_database(url);
}

std::unique_ptr<db::Connection> HostContext::open_database(const DatabaseUrl& url) {
    const db::DriverFactory& factory = host_.driver(url.scheme);
    cancellation_.throw_if_requested();
    auto connection = factory(url, db::ConnectOptions{});
    logger_->debug("connected to {}", url.redacted());
    return db::make_cancellable(std::move(connection), cancellation_,
                                host_.driver_api_minor(url.scheme));
}

}  // namespace deckhand::cli

namespace deckhand::cli {

PluginReport HostContext::plugins() {
    host_.load_all();
    PluginReport report;
    for (const auto& plugin : host_.loaded()) {
        report.loaded.push_back(
            {plugin.name, plugin.version, plugin.path.string(), plugin.commands, plugin.drivers});
    }
    for (const auto& refusal : host_.refusals()) {
        report.refused.push_back({refusal.path.string(), refusal.reason});
    }
    return report;
}

std::vector<Check*> HostContext::checks() {
    host_.load_all();
    return host_.checks();
}

}  // namespace deckhand::cli
