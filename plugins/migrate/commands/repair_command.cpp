// `deckhand repair`: forget failed runs, accept deliberate edits of applied scripts.
#include "repair_command.hpp"

#include "deckhand/json_report.hpp"
#include "deckhand/migrate/command_support.hpp"
#include "deckhand/migrate/json_report.hpp"

namespace deckhand::migrate::cli {
namespace po = boost::program_options;

namespace {

class RepairCommand final : public Command {
  public:
    std::string name() const override { return "repair"; }
    std::string summary() const override {
        return "Remove failed-run rows and realign checksums with the files";
    }
    std::string description() const override {
        return "Removes the history rows of scripts that failed part-way (after you have finished "
               "or undone "
               "their statements by hand), and sets the recorded checksum of each applied script "
               "to that of "
               "its file, accepting a deliberate edit. Runs no migration, and never creates a "
               "SQLite database (one that does not exist has nothing to repair: exit 2). "
               "--output json prints "
               "{\"command\": \"repair\", \"removed\": [scripts], \"realigned\": "
               "[scripts], \"ok\", \"exit_status\", \"error\" when it failed}.";
    }
    Needs needs() const override { return Needs::database; }

    void define_options(po::options_description& options) override {
        options.add_options()(
            "lock-timeout",
            po::value(&lock_timeout_)->default_value(lock_timeout_)->value_name("D"),
            "how long to wait for another run's migration lock")(
            "output", po::value(&output_text_)->default_value("text")->value_name("text|json"),
            "json: one document on stdout, also when the command fails");
    }

    void validate_options() override { format_ = parse_output_format(output_text_); }

    int run(Context& context) override {
        RepairResult result;
        return run_reporting(
            context, format_,
            [&] {
                const auto table = history_table_name(context.config());
                // A database that does not exist has no history to repair: nothing is created.
                auto connection = context.open_database_with({.mode = db::OpenMode::existing});
                auto migrations = load_migrations_for(context, *connection);
                result = migrate::repair(*connection, migrations, lock_timeout_.value,
                                         io_of(context), table);
                return 0;
            },
            [&] { return repair_json(result); });
    }

  private:
    DurationOption lock_timeout_{std::chrono::minutes(5)};
    std::string output_text_;
    OutputFormat format_ = OutputFormat::text;
};

}  // namespace

std::unique_ptr<Command> make_repair_command() {
    return std::make_unique<RepairCommand>();
}

}  // namespace deckhand::migrate::cli
