// Databases opened through the driver plugins (waiting for them as --wait-for-database says),
// wrapped so that signals cancel their statements.
#include "cli/host_context.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "db/cancellable_connection.hpp"
#include "deckhand/errors.hpp"
#include "wait/database_wait.hpp"

namespace deckhand::cli {

HostContext::HostContext(const Config& config, std::shared_ptr<spdlog::logger> logger,
                         plugin::PluginHost& host, Cancellation& cancellation,
                         std::shared_ptr<const log::KnownSecrets> secrets)
    : config_(config),
      logger_(std::move(logger)),
      host_(host),
      cancellation_(cancellation),
      secrets_(std::move(secrets)),
      out_(&std::cout) {}

std::string HostContext::redact(std::string_view text) const {
    return secrets_->scrub(text);
}

std::ostream& HostContext::out() {
    return *out_;
}

std::unique_ptr<db::Connection> HostContext::open_database() {
    return open(configured_url(), config_.wait_for_database);
}

std::unique_ptr<db::Connection> HostContext::open_database(const DatabaseUrl& url) {
    return open(url, config_.wait_for_database);
}

std::unique_ptr<db::Connection> HostContext::open_database_once() {
    return open(configured_url(), std::chrono::milliseconds(0));
}

std::unique_ptr<db::Connection> HostContext::open_database_with(const OpenRequest& request) {
    const DatabaseUrl url = request.url != nullptr ? *request.url : configured_url();
    return open(url, request.once ? std::chrono::milliseconds(0) : config_.wait_for_database,
                request.mode);
}

DatabaseUrl HostContext::database_url() {
    if (!url_) {
        DatabaseUrl url = config_.database_url();
        // Checked by its driver now, so that a URL it cannot use fails here as when opening; a
        // scheme no plugin offers is left for opening to say so.
        if (host_.offers_driver(url.scheme)) {
            if (const auto& check = host_.database_driver(url.scheme).check) {
                check(url);
            }
        }
        url_ = std::move(url);
    }
    return *url_;
}

std::string HostContext::dialect() {
    return host_.declared_dialect(database_url().scheme);
}

std::vector<std::string> HostContext::dialects() {
    return host_.declared_dialects();
}

DatabaseUrl HostContext::configured_url() {
    DatabaseUrl url = database_url();
    if (config_.uses_default_database() && !default_url_told_) {
        default_url_told_ = true;
        std::error_code error;
        const bool made_before = !url.path.empty() && std::filesystem::exists(url.path, error);
        logger_->log(made_before ? spdlog::level::debug : spdlog::level::info,
                     "no database URL given; using the embedded default {}", url.redacted());
    }
    return url;
}

std::unique_ptr<db::Connection> HostContext::open(const DatabaseUrl& url,
                                                  std::chrono::milliseconds patience,
                                                  db::OpenMode mode) {
    const db::DriverFactory& factory = host_.driver(url.scheme);
    cancellation_.throw_if_requested();
    auto connection = wait::connect_patiently(
        [&](std::chrono::milliseconds connect_timeout) {
            db::ConnectOptions options;
            options.connect_timeout = connect_timeout;
            options.mode = mode;
            return factory(url, options);
        },
        url.redacted(), patience, cancellation_, *logger_);
    // The folder was read for the dialect the driver declared: a connection of another is a
    // driver at fault, not a folder to read again.
    const std::string& declared = host_.database_driver(url.scheme).dialect;
    if (!declared.empty() && connection->dialect() != declared) {
        throw ConfigError("the driver for '" + url.scheme + ":' URLs in plugin " +
                          host_.driver_file(url.scheme).string() + " declares the dialect '" +
                          declared + "', but its connection says '" + connection->dialect() +
                          "'; the plugin is at fault: rebuild or remove it");
    }
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

ServiceOffer HostContext::find_service(const std::string& name) {
    return host_.service(name);
}

std::vector<Check*> HostContext::checks() {
    host_.load_all();
    return host_.checks();
}

}  // namespace deckhand::cli
