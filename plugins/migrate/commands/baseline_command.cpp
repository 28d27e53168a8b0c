// `deckhand baseline --version V | --from flyway|golang-migrate|dbmate`: adopt an existing
// database.
#include "baseline_command.hpp"

#include "deckhand/errors.hpp"
#include "deckhand/json_report.hpp"
#include "deckhand/migrate/command_support.hpp"
#include "deckhand/migrate/json_report.hpp"

namespace deckhand::migrate::cli {
namespace po = boost::program_options;

namespace {

class BaselineCommand final : public Command {
  public:
    std::string name() const override { return "baseline"; }
    std::string summary() const override {
        return "Adopt an existing database: by version, or from Flyway's, golang-migrate's or "
               "dbmate's history";
    }
    std::string description() const override {
        return "For a database whose schema was built before deckhand managed it, on a database "
               "with an empty deckhand history. --version V records every versioned script up to "
               "and including V as applied (type BASELINE) without running it, so that migrate "
               "applies only later ones. --from TOOL takes over the history of Flyway "
               "(flyway_schema_history), golang-migrate or dbmate (schema_migrations) row by "
               "row: what that tool applied counts as applied, what it never applied stays "
               "pending; a failed Flyway row or a dirty golang-migrate version is refused. The "
               "other tool's table is left as it was. --output json prints {\"command\": "
               "\"baseline\", \"version\", \"from\", \"rows\", \"written\": "
               "[{\"script\", \"version\", \"description\", \"type\", \"checksum\"}], "
               "\"schema_version\", \"ok\", \"exit_status\", \"error\" when it failed}.";
    }
    Needs needs() const override { return Needs::database; }

    void define_options(po::options_description& options) override {
        options.add_options()("version", po::value(&version_text_)->value_name("V"),
                              "the version the database is at")(
            "from", po::value(&from_text_)->value_name("TOOL"),
            "take over the history of flyway, golang-migrate or dbmate instead")(
            "from-table", po::value(&from_table_text_)->value_name("NAME"),
            "that tool's table, when it was configured to use another (Flyway's table, dbmate's "
            "--migrations-table, golang-migrate's x-migrations-table)")(
            "create-schemas", po::bool_switch(&options_.create_schemas),
            "create the history table's schema when it is missing")(
            "lock-timeout",
            po::value(&lock_timeout_)->default_value(lock_timeout_)->value_name("D"),
            "how long to wait for another run's migration lock")(
            "output", po::value(&output_text_)->default_value("text")->value_name("text|json"),
            "json: one document on stdout, also when the command fails");
    }

    void validate_options() override {
        if (version_text_.empty() == from_text_.empty()) {
            throw UsageError("baseline needs either --version V or --from TOOL (one of them)");
        }
        if (!version_text_.empty()) {
            options_.version = script::Version::parse(version_text_, "--version");
        }
        if (!from_text_.empty()) {
            options_.from = parse_peer_tool(from_text_, "--from");
        }
        if (!from_table_text_.empty()) {
            if (!options_.from) {
                throw UsageError("--from-table names the table of the tool given with --from");
            }
            options_.from_table = HistoryTableName::parse(from_table_text_, "--from-table");
        }
        options_.lock_wait_timeout = lock_timeout_.value;
        format_ = parse_output_format(output_text_);
    }

    int run(Context& context) override {
        BaselineResult result;
        return run_reporting(
            context, format_,
            [&] {
                BaselineOptions options = options_;
                options.history_table = history_table_name(context.config());
                PendingMigrations pending(context, script::ScriptTexts::keep);
                pending.finish_reading();  // a folder error creates no database
                auto connection = context.open_database();
                auto migrations = pending.get(context, *connection);
                result = migrate::baseline(*connection, migrations, options, io_of(context));
                return 0;
            },
            [&] { return baseline_json(result, options_); });
    }

  private:
    std::string version_text_;
    std::string from_text_;
    std::string from_table_text_;
    DurationOption lock_timeout_{std::chrono::minutes(5)};
    BaselineOptions options_;
    std::string output_text_;
    OutputFormat format_ = OutputFormat::text;
};

}  // namespace

std::unique_ptr<Command> make_baseline_command() {
    return std::make_unique<BaselineCommand>();
}

}  // namespace deckhand::migrate::cli
