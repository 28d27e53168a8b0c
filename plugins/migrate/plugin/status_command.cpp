// `deckhand status`: what is applied, pending, failed or changed; and --wait, the init
// container's way to block until the database holds this build's migrations.
#include <spdlog/spdlog.h>

#include "command_support.hpp"
#include "commands.hpp"
#include "deckhand/db/errors.hpp"
#include "deckhand/duration.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/migrate/status_output.hpp"

namespace deckhand::migrate::cli {
namespace po = boost::program_options;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string outstanding_text(const std::vector<const StatusEntry*>& entries) {
    std::string out;
    for (std::size_t i = 0; i < entries.size() && i < 3; ++i) {
        out += (i ? ", " : "") + std::string(entries[i]->script) + " (" +
               std::string(to_string(entries[i]->state)) + ")";
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
        return "States: applied, pending, failed (a no-transaction script that stopped part-way), "
               "changed "
               "(edited after it was applied), missing (applied by a newer build), out-of-order "
               "(pending but "
               "older than an applied one), below-baseline, ignored (a B script not used), "
               "available (an undo script, never run). TYPE says ', no transaction' for a "
               "script that runs outside one. --fail-on-pending and --wait consider "
               "only the "
               "scripts of --phase, so an init container never waits for post-deployment scripts. "
               "--wait "
               "needs no Kubernetes permissions: it polls the database until it holds every "
               "migration of "
               "the phase that this build ships, and keeps trying while the database cannot be "
               "reached yet.";
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
            "timeout", po::value(&timeout_text_)->default_value("10m")->value_name("D"),
            "how long --wait waits");
    }

    void validate_options() override {
        if (output_ != "text" && output_ != "json") {
            throw UsageError("--output expects text or json, not '" + output_ + "'");
        }
        phase_ = script::parse_phase(phase_text_, "--phase");
        timeout_ = parse_duration(timeout_text_, "--timeout");
    }

    int run(Context& context) override {
        // Status compares checksums and runs nothing: the scripts' text is not kept.
        PendingMigrations pending(context, script::ScriptTexts::drop);
        std::unique_ptr<db::Connection> connection;
        std::optional<script::MigrationSet> migrations;
        std::optional<Status> status;
        const auto table_name = history_table_name(context.config());
        const auto started = Clock::now();
        auto interval = milliseconds(200);
        auto last_logged = started;
        while (true) {
            std::string why_not;
            try {
                if (!connection) {
                    connection = context.open_database();
                }
                // The history first: the folder is still being read meanwhile.
                History history(*connection, HistoryTable::resolve(*connection, table_name));
                const bool exists = history.exists();
                auto rows = exists ? history.read() : std::vector<HistoryRow>{};
                if (!migrations) {
                    migrations = pending.get(context, *connection);
                }
                status.emplace(*migrations, std::move(rows), exists, history.table().display());
                if (!wait_ || status->is_current(phase_)) {
                    break;
                }
                why_not = outstanding_text(status->outstanding(phase_));
            } catch (const db::ConnectionError& error) {
                if (!wait_) {
                    throw;
                }
                why_not = std::string("the database cannot be reached: ") + error.what();
                connection.reset();
            } catch (const db::DatabaseError& error) {
                if (!wait_) {
                    throw;
                }
                why_not = std::string("the database answered with an error: ") + error.what();
                connection.reset();  // a fresh session next time
            }
            const auto waited = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
            if (waited >= timeout_) {
                throw TimedOut("gave up waiting for the phase " +
                               std::string(script::to_string(phase_)) + " migrations after " +
                               format_duration(timeout_) + ": " + why_not);
            }
            if (Clock::now() - last_logged >= std::chrono::seconds(10)) {
                context.log().info("waiting for migrations of phase {} ({} so far): {}",
                                   script::to_string(phase_), format_duration(waited), why_not);
                last_logged = Clock::now();
            }
            if (!context.cancellation().sleep_for(std::min(interval, timeout_ - waited))) {
                context.cancellation().throw_if_requested();
            }
            interval = std::min(interval * 2, milliseconds(2000));
        }

        if (output_ == "json") {
            write_status_json(context.out(), *status, phase_);
        } else {
            write_status_table(context.out(), *status, phase_);
        }
        context.out().flush();
        if (fail_on_pending_ && !status->is_current(phase_)) {
            auto outstanding = status->outstanding(phase_);
            throw WorkFailed(std::to_string(outstanding.size()) + " migration" +
                             (outstanding.size() == 1 ? " is" : "s are") +
                             " outstanding for phase " + std::string(script::to_string(phase_)) +
                             ": " + outstanding_text(outstanding));
        }
        return 0;
    }

  private:
    std::string output_;
    std::string phase_text_;
    std::string timeout_text_;
    bool fail_on_pending_ = false;
    bool wait_ = false;
    script::Phase phase_ = script::Phase::pre;
    milliseconds timeout_{std::chrono::minutes(10)};
};

}  // namespace

std::unique_ptr<Command> make_status_command() {
    return std::make_unique<StatusCommand>();
}

}  // namespace deckhand::migrate::cli
