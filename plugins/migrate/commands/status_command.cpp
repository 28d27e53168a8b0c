// `deckhand status`: what is applied, pending, failed or changed; and --wait, the init
// container's way to block until the database holds this build's migrations.
#include "status_command.hpp"

#include <spdlog/spdlog.h>

#include "deckhand/backoff.hpp"
#include "deckhand/db/errors.hpp"
#include "deckhand/duration.hpp"
#include "deckhand/duration_option.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/json_report.hpp"
#include "deckhand/migrate/command_support.hpp"
#include "deckhand/migrate/status_output.hpp"

namespace deckhand::migrate::cli {
namespace po = boost::program_options;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The first few scripts that keep the phase from being current, each with its state; an edited
// script with the step that resolves it, since migrate only refuses it.
std::string outstanding_text(const std::vector<const StatusEntry*>& entries) {
    std::string out;
    for (std::size_t i = 0; i < entries.size() && i < 3; ++i) {
        const std::string state = entries[i]->state == MigrationState::changed
                                      ? " changed since applied (run validate)"
                                      : " (" + std::string(to_string(entries[i]->state)) + ")";
        out += (i ? ", " : "") + std::string(entries[i]->script) + state;
    }
    if (entries.size() > 3) {
        out += ", ...";
    }
    return out;
}

class StatusCommand final : public Command {
  public:
    std::string name() const override { return "status"; }
    std::string summary() const override {
        return "Show which migrations are applied, pending or failed";
    }
    std::string description() const override {
        return "States: applied, pending, failed (a no-transaction script that stopped "
               "part-way), changed (edited after it was applied), missing (applied by a newer "
               "build), out-of-order (pending but older than an applied one), below-baseline, "
               "ignored (a B script not used), available (an undo script, never run). TYPE says "
               "', no transaction' for a script that runs outside one. "
               "--fail-on-pending and --wait consider only the scripts of --phase, so an init "
               "container never waits for post-deployment scripts. --wait needs no Kubernetes "
               "permissions: it looks at the database until it holds every migration of the "
               "phase that this build ships, connecting for each look and holding no connection "
               "in between (1-2 s apart, jittered; up to 5 s while the server is slow to answer). "
               "It keeps trying while the database "
               "cannot be reached yet (refused, DNS, starting up, too many connections) and "
               "stops at once, exit 1 with the server's reason, on what waiting cannot heal (a "
               "wrong password, an unknown role or database, SSL refused). A SQLite database is "
               "opened read-only, and one that does not exist is an error (exit 2): status "
               "never creates it (--wait waits for it to appear).";
    }
    Needs needs() const override { return Needs::database; }

    void define_options(po::options_description& options) override {
        options.add_options()("output",
                              po::value(&output_)->default_value("text")->value_name("text|json"),
                              "output format")(
            "phase", po::value(&phase_text_)->default_value("pre")->value_name("pre|post|all"),
            "the scripts --fail-on-pending and --wait consider")(
            "fail-on-pending", po::bool_switch(&fail_on_pending_),
            "exit 1 when the phase has outstanding scripts")(
            "wait", po::bool_switch(&wait_),
            "wait until the phase has no outstanding scripts (exit 3 on timeout)")(
            "timeout", po::value(&timeout_)->default_value(timeout_)->value_name("D"),
            "how long --wait waits");
    }

    void validate_options() override {
        parse_output_format(output_);
        phase_ = script::parse_phase(phase_text_, "--phase");
    }

    int run(Context& context) override {
        if (output_ != "json") {
            return report(context);
        }
        // As every command's JSON report: a document even when there is no status to show
        // (the database cannot be reached, --wait timed out), with the error in it.
        try {
            return report(context);
        } catch (...) {
            if (!written_) {
                finish_json_report(context,
                                   {{"command", "status"},
                                    {"phase", script::to_string(phase_)},
                                    {"current", false}},
                                   0, std::current_exception());
            }
            throw;
        }
    }

  private:
    int report(Context& context) {
        // Status compares checksums and runs nothing: the scripts' text is not kept.
        PendingMigrations pending(context, script::ScriptTexts::drop);
        std::optional<script::MigrationSet> migrations;
        std::optional<Status> status;
        if (wait_) {
            wait_until_current(context, pending, migrations, status);
        } else {
            // Read-only: status creates no database on a mistyped path.
            auto connection = context.open_database_with({.mode = db::OpenMode::read_only});
            status.emplace(look(context, *connection, pending, migrations));
        }

        const bool refused = fail_on_pending_ && !status->is_current(phase_);
        if (output_ == "json") {
            write_status_json(context.out(), *status, phase_, refused ? 1 : 0);
            written_ = true;
        } else {
            write_status_table(context.out(), *status, phase_);
        }
        context.out().flush();
        if (refused) {
            auto outstanding = status->outstanding(phase_);
            throw WorkFailed(std::to_string(outstanding.size()) + " migration" +
                             (outstanding.size() == 1 ? " is" : "s are") +
                             " outstanding for phase " + std::string(script::to_string(phase_)) +
                             ": " + outstanding_text(outstanding));
        }
        return 0;
    }

    // One look at the database: its history merged with the folder (read once, on the first look).
    static Status look(Context& context, db::Connection& connection, PendingMigrations& pending,
                       std::optional<script::MigrationSet>& migrations) {
        // The history first: the folder is still being read meanwhile.
        History history(connection,
                        HistoryTable::resolve(connection, history_table_name(context.config())));
        const bool exists = history.exists();
        auto rows = exists ? history.read() : std::vector<HistoryRow>{};
        if (!migrations) {
            migrations = pending.get(context, connection);
        }
        return Status(*migrations, std::move(rows), exists, history.table().display());
    }

    // --wait: looks until the phase is current. Each look connects, reads and disconnects, so
    // that a waiting init container holds no connection between looks (a rollout of hundreds
    // of Pods must not fill max_connections). The pauses between looks are jittered, so that
    // Pods started together drift apart; they last 0.5-1 s at first, then 1-2 s, so that each
    // waiter learns of the finished migration within two seconds (plus one look). A look costs
    // the server a backend start and an authentication; a server slow to answer them (a busy
    // one) gets pauses of at least 20 times the last look, up to 5 s, so that each waiter is
    // connected at most a twentieth of the time and N waiters hold about N/20 connections
    // however slow the looks get. A failure to connect that waiting cannot heal (a wrong password,
    // an unknown database) ends the wait at once.
    void wait_until_current(Context& context, PendingMigrations& pending,
                            std::optional<script::MigrationSet>& migrations,
                            std::optional<Status>& status) const {
        constexpr int look_share = 20;
        constexpr milliseconds longest_slow_pause{5000};
        const auto started = Clock::now();
        auto last_logged = started;
        Backoff pauses(milliseconds(1000), milliseconds(2000));
        while (true) {
            std::string why_not;
            const auto look_started = Clock::now();
            try {
                auto connection =
                    context.open_database_with({.mode = db::OpenMode::read_only, .once = true});
                status.emplace(look(context, *connection, pending, migrations));
                if (status->is_current(phase_)) {
                    return;
                }
                why_not = outstanding_text(status->outstanding(phase_));
            } catch (const db::MissingDatabase& error) {
                // A SQLite file that nothing has created yet: the migration that makes it may
                // not have started (a shared volume). Waiting for it creates nothing.
                why_not = error.what();
            } catch (const db::ConnectionError& error) {
                if (!error.transient()) {
                    throw;
                }
                why_not = std::string("the database cannot be reached: ") + error.what();
            } catch (const db::DatabaseError& error) {
                why_not = std::string("the database answered with an error: ") + error.what();
            }
            const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - look_started);
            const milliseconds pause =
                std::max(pauses.next(), std::min(took * look_share, longest_slow_pause));
            const auto waited = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
            if (waited >= timeout_.value) {
                throw TimedOut("gave up waiting for the phase " +
                               std::string(script::to_string(phase_)) + " migrations after " +
                               format_duration(timeout_.value) + ": " + why_not);
            }
            if (Clock::now() - last_logged >= std::chrono::seconds(10)) {
                context.log().info("waiting for migrations of phase {} ({} so far): {}",
                                   script::to_string(phase_), format_duration(waited), why_not);
                last_logged = Clock::now();
            }
            if (!context.cancellation().sleep_for(std::min(pause, timeout_.value - waited))) {
                context.cancellation().throw_if_requested();
            }
        }
    }

    std::string output_;
    std::string phase_text_;
    bool fail_on_pending_ = false;
    bool wait_ = false;
    bool written_ = false;  // the JSON document is out
    script::Phase phase_ = script::Phase::pre;
    DurationOption timeout_{std::chrono::minutes(10)};
};

}  // namespace

std::unique_ptr<Command> make_status_command() {
    return std::make_unique<StatusCommand>();
}

}  // namespace deckhand::migrate::cli
