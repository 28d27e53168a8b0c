// The Context the host lends to a running command.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <ostream>
#include <set>

#include "cli/invocation.hpp"
#include "deckhand/context.hpp"
#include "deckhand/run_command.hpp"
#include "log/known_secrets.hpp"
#include "plugin/plugin_host.hpp"

namespace deckhand::cli {

class HostContext : public Context, public CommandRunner {
  public:
    HostContext(const Config& config, std::shared_ptr<spdlog::logger> logger,
                plugin::PluginHost& host, Cancellation& cancellation,
                std::shared_ptr<const log::KnownSecrets> secrets);

    const Config& config() const override { return config_; }
    spdlog::logger& log() override { return *logger_; }
    std::ostream& out() override;
    std::unique_ptr<db::Connection> open_database() override;
    std::unique_ptr<db::Connection> open_database(const DatabaseUrl& url) override;
    std::unique_ptr<db::Connection> open_database_once() override;
    std::unique_ptr<db::Connection> open_database_with(const OpenRequest& request) override;
    Cancellation& cancellation() override { return cancellation_; }
    PluginReport plugins() override;
    std::vector<Check*> checks() override;
    std::string redact(std::string_view text) const override;
    ServiceOffer find_service(const std::string& name) override;
    DatabaseUrl database_url() override;
    std::string dialect() override;
    std::vector<std::string> dialects() override;

    // Lets the command `running` run other commands (run_command.hpp), their options completed
    // from `opts` (deckhand.opts) as on the command line. Until called, run_command refuses.
    void allow_other_commands(const OptsDefaults& opts, const Command& running);
    bool has_command(const std::string& name) override;
    int run_command(const std::string& name, const std::vector<std::string>& args,
                    std::ostream& out) override;

  private:
    // database_url(), saying so (once a run) when it is the embedded default: at info level
    // when that file is new, at debug level when an earlier run already made it.
    DatabaseUrl configured_url();
    // Connects, retrying what can heal for up to `patience`, and wraps for cancellation.
    std::unique_ptr<db::Connection> open(const DatabaseUrl& url, std::chrono::milliseconds patience,
                                         db::OpenMode mode = db::OpenMode::create);

    const Config& config_;
    std::shared_ptr<spdlog::logger> logger_;
    plugin::PluginHost& host_;
    Cancellation& cancellation_;
    bool default_url_told_ = false;
    std::optional<DatabaseUrl> url_;  // parsed and checked once a run
    std::shared_ptr<const log::KnownSecrets> secrets_;
    std::ostream* out_;  // stdout, or where the command that ran this one wants its results
    const OptsDefaults* opts_ = nullptr;
    // The commands run so far, shared with the contexts of the commands they ran.
    std::shared_ptr<std::set<const Command*>> ran_;
};

}  // namespace deckhand::cli
