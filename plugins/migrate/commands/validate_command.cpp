// `deckhand validate`: the applied scripts still match the files, nothing failed.
#include "validate_command.hpp"

#include <spdlog/spdlog.h>

#include "deckhand/errors.hpp"
#include "deckhand/json_report.hpp"
#include "deckhand/log_event.hpp"
#include "deckhand/migrate/command_support.hpp"
#include "deckhand/migrate/json_report.hpp"

namespace deckhand::migrate::cli {
namespace po = boost::program_options;

namespace {

class ValidateCommand final : public Command {
  public:
    std::string name() const override { return "validate"; }
    std::string summary() const override {
        return "Check that applied migrations still match their files";
    }
    std::string description() const override {
        return "Fails (exit 1), naming each file, when an applied script was edited (checksum "
               "mismatch), when "
               "a script is recorded as failed, when a pending script is older than an applied "
               "one, or when "
               "an applied script has no file in this build. Changes nothing and takes no lock; "
               "a SQLite database is opened read-only, and one that does not exist is an error "
               "(exit 2), never an empty database with no problems. "
               "--output json prints {\"command\": \"validate\", \"valid\", \"validated\" "
               "(applied scripts checked), \"problems\": [sentences], \"schema_version\", "
               "\"ok\", \"exit_status\", \"error\" when it failed}.";
    }
    Needs needs() const override { return Needs::database; }

    void define_options(po::options_description& options) override {
        options.add_options()("out-of-order", po::bool_switch(&out_of_order_),
                              "accept pending scripts older than the newest applied one")(
            "ignore-missing", po::bool_switch(&ignore_missing_),
            "accept applied scripts that this build has no file for (a newer build applied them)")(
            "output", po::value(&output_text_)->default_value("text")->value_name("text|json"),
            "json: one document on stdout, also when the command fails");
    }

    void validate_options() override { format_ = parse_output_format(output_text_); }

    int run(Context& context) override {
        return run_reporting(
            context, format_, [&] { return validate(context); },
            [&] { return validate_json(validated_, problems_, schema_version_); });
    }

  private:
    int validate(Context& context) {
        const auto table = history_table_name(context.config());
        // Read-only: an empty database made on a mistyped path would have "no problems".
        auto connection = context.open_database_with({.mode = db::OpenMode::read_only});
        auto migrations = load_migrations_for(context, *connection);
        Status status = read_status(*connection, migrations, table);
        schema_version_ = status.newest_applied();
        problems_ = find_problems(status, {script::Phase::all, out_of_order_, ignore_missing_});
        const auto& problems = problems_;
        if (!problems.empty()) {
            for (std::size_t i = 1; i < problems.size(); ++i) {
                context.log().error("{}", problems[i]);
            }
            throw WorkFailed(problems.front() +
                             (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) +
                                                        " more, listed above)"
                                                  : std::string()));
        }
        std::size_t applied = 0;
        for (const auto& entry : status.entries()) {
            applied += entry.state == MigrationState::applied ? 1 : 0;
        }
        validated_ = applied;
        log_event(
            context.log(), spdlog::level::info, "validate_finished",
            {{"validated", applied},
             {"problems", 0},
             {"schema_version", version_json(schema_version_)}},
            fmt::format("validated {} applied migration{} against {}: no problems", applied,
                        applied == 1 ? "" : "s", context.config().migrations_dir.generic_string()));
        return 0;
    }

    std::string output_text_;
    OutputFormat format_ = OutputFormat::text;
    std::size_t validated_ = 0;
    std::vector<std::string> problems_;
    std::optional<script::Version> schema_version_;
    bool out_of_order_ = false;
    bool ignore_missing_ = false;
};

}  // namespace

std::unique_ptr<Command> make_validate_command() {
    return std::make_unique<ValidateCommand>();
}

}  // namespace deckhand::migrate::cli
