// The built-in checks of `deckhand doctor`, then the checks contributed by plugins (the seed and
// commands folders by the seed and tasks plugins, first; then the others, such as kubernetes').
// The schema is judged by the migrate plugin, through its "migrations" service. Each check
// catches its own failure, so one broken thing never hides the others.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>

#include "deckhand/database_url.hpp"
#include "deckhand/doctor/doctor.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/migrations_service.hpp"
#include "deckhand/plural.hpp"
#include "deckhand/script/migration_set.hpp"
#include "deckhand/script/script_file.hpp"

namespace deckhand::doctor {
namespace {

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : separator) + item;
    }
    return out;
}

// Messages may quote a URL or a conninfo string: never a password.
std::string safe(const std::exception& error) {
    return redact_secrets(error.what());
}

class Checks {
  public:
    explicit Checks(Context& context) : context_(context), config_(context.config()) {}

    DoctorReport run() {
        const auto started = Clock::now();
        plugins();
        database_url();
        database_answers();
        migrations_folder();
        schema_current();
        contributed();
        report_.elapsed = since(started);
        return std::move(report_);
    }

  private:
    using Clock = std::chrono::steady_clock;
    static std::chrono::milliseconds since(Clock::time_point start) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    }

    // Each line's duration is the time since the line before: the checks run one after another.
    void add(std::string name, CheckState state, std::string detail) {
        report_.lines.push_back({std::move(name), state, std::move(detail), since(last_line_)});
        last_line_ = Clock::now();
    }
    void ok(std::string name, std::string detail) {
        add(std::move(name), CheckState::ok, std::move(detail));
    }
    void fail(std::string name, std::string detail) {
        add(std::move(name), CheckState::failed, std::move(detail));
    }
    void skip(std::string name, std::string detail) {
        add(std::move(name), CheckState::skipped, std::move(detail));
    }

    // The dialect whose migrations and seeds apply: the connection's, else the one its
    // driver declares.
    std::string dialect() const {
        if (connection_) {
            return connection_->dialect();
        }
        return declared_dialect_;
    }

    void plugins() {
        const PluginReport plugins = context_.plugins();
        std::vector<std::string> names;
        for (const auto& plugin : plugins.loaded) {
            names.push_back(plugin.name + " " + plugin.version);
        }
        std::sort(names.begin(), names.end());
        if (plugins.loaded.empty()) {
            fail("plugins load",
                 "no plugin was loaded; is deckhand installed with its lib/deckhand/plugins "
                 "folder?");
        } else {
            ok("plugins load", plural(plugins.loaded.size(), "plugin", "plugins") + " loaded (" +
                                   join(names) + ")");
        }
        for (const auto& refused : plugins.refused) {
            fail("plugin " + refused.file, refused.reason);
        }
    }

    void database_url() {
        const std::string name = "database URL parses";
        try {
            url_ = context_.database_url();
            declared_dialect_ = context_.dialect();
            ok(name, url_->redacted() + (config_.uses_default_database()
                                             ? " (the embedded default: no URL was given)"
                                             : " (from " + config_.database_url_origin + ")"));
        } catch (const std::exception& error) {
            fail(name, safe(error));
        }
    }

    void database_answers() {
        const std::string name = "database answers";
        if (!url_) {
            skip(name, "needs a database URL that parses");
            return;
        }
        // By the dialect the driver declares, so a team's SQLite driver (`lite:`) is checked
        // too; a host older than plugin API 1.5 declares none, and its schemes were dialects.
        const std::string& unconnected_dialect =
            declared_dialect_.empty() ? url_->scheme : declared_dialect_;
        if (unconnected_dialect == "sqlite" && !url_->path.empty() && url_->path != ":memory:") {
            // Opening would create the file: doctor changes nothing.
            std::error_code error;
            if (!std::filesystem::exists(url_->path, error)) {
                fail(name, "the SQLite file " + url_->path +
                               " does not exist yet (`deckhand migrate` creates it)");
                return;
            }
        }
        try {
            connection_ =
                context_.open_database_with({.mode = db::OpenMode::read_only, .url = &*url_});
            const std::string version = connection_->server_version();
            const std::string user = connection_->current_user();
            ok(name, version + (user.empty() ? std::string() : " as " + user));
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception& error) {
            connection_.reset();
            fail(name, safe(error));
        }
    }

    void migrations_folder() {
        const std::string name = "migrations folder is readable and well-formed";
        try {
            auto& service = use_service<MigrationsService>(context_);
            migrations_ = script::load_migrations(
                config_.migrations_dir, migrations_folder_rules(context_, service, dialect()));
            ok(name,
               script::display_folder(config_.migrations_dir) + ": " +
                   plural(migrations_->versioned.size(), "versioned script", "versioned scripts") +
                   ", " +
                   plural(migrations_->repeatable.size(), "repeatable script",
                          "repeatable scripts") +
                   (dialect().empty() ? std::string() : " for " + dialect()));
        } catch (const std::exception& error) {
            fail(name, safe(error));
        }
    }

    void schema_current() {
        const std::string name = "schema is current";
        if (!connection_ || !migrations_) {
            skip(name, connection_ ? "needs a well-formed migrations folder"
                                   : "needs a database that answers");
            return;
        }
        try {
            auto& migrations = use_service<MigrationsService>(context_);
            const auto status = migrations.standing(*connection_, *migrations_, config_);
            const auto& version = status.newest_applied;
            if (version) {
                report_.schema_version = version->text();
            }
            const std::string at = version ? "version " + version->text() : "no version";
            const auto outstanding = status.outstanding_in(script::Phase::pre);
            if (outstanding.empty()) {
                const auto post = status.outstanding_in(script::Phase::post);
                ok(name, "at " + at + "; every pre-deployment migration is applied" +
                             (post.empty() ? std::string()
                                           : " (" +
                                                 plural(post.size(), "post-deployment migration",
                                                        "post-deployment migrations") +
                                                 " still to run with --phase post)"));
                return;
            }
            std::vector<std::string> listed;
            for (std::size_t i = 0; i < outstanding.size() && i < 3; ++i) {
                listed.push_back(outstanding[i]->script + " (" + outstanding[i]->state + ")");
            }
            if (outstanding.size() > 3) {
                listed.push_back("...");
            }
            fail(name, "at " + at + "; " +
                           plural(outstanding.size(), "migration is", "migrations are") +
                           " outstanding: " + join(listed) + "; run `deckhand migrate`");
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception& error) {
            fail(name, safe(error));
        }
    }

    void contributed() {
        for (Check* check : context_.checks()) {
            std::string name = check->name();
            try {
                CheckResult result = check->run(context_);
                if (result.ok) {
                    ok(std::move(name), std::move(result.detail));
                } else {
                    fail(std::move(name), redact_secrets(result.detail));
                }
            } catch (const Cancelled&) {
                throw;
            } catch (const std::exception& error) {
                fail(std::move(name), safe(error));
            }
        }
    }

    Context& context_;
    const Config& config_;
    DoctorReport report_;
    Clock::time_point last_line_ = Clock::now();
    std::optional<DatabaseUrl> url_;
    std::string declared_dialect_;  // the driver's, known before connecting
    std::unique_ptr<db::Connection> connection_;
    std::optional<script::MigrationSet> migrations_;
};

}  // namespace

std::size_t DoctorReport::failed() const noexcept {
    return static_cast<std::size_t>(std::count_if(lines.begin(), lines.end(), [](const auto& line) {
        return line.state == CheckState::failed;
    }));
}

DoctorReport run_checks(Context& context) {
    return Checks(context).run();
}

}  // namespace deckhand::doctor
