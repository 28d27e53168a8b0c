// `deckhand seed [--dir DIR] [--migrate] [--allow-production] [--dry-run] [--set k=v]`.
#include "seed_command.hpp"

#include <spdlog/spdlog.h>

#include "deckhand/context.hpp"
#include "deckhand/duration_option.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/json_report.hpp"
#include "deckhand/migrations_service.hpp"
#include "deckhand/script/script_file.hpp"
#include "deckhand/seed/seed_report.hpp"
#include "deckhand/seed/seeder.hpp"

namespace deckhand::seed {
namespace po = boost::program_options;

namespace {

class SeedCommand final : public Command {
  public:
    std::string name() const override { return "seed"; }
    std::string summary() const override {
        return "Fill a development database with seed data, once the schema is current";
    }
    std::string description() const override {
        return "Runs the *.sql files of <migrations>/seed (and of its sqlite/ or postgres/ "
               "subfolder) in file-name order, each in its own transaction together with its row "
               "in the seed history (deckhand_seed_history, beside the schema history table), so a "
               "re-run applies only new or changed scripts. "
               "Refuses while migrations are pending (unless --migrate) and in production "
               "(unless --allow-production; --dry-run needs neither). Environment names compare "
               "without case: Production and PROD are production. --output json prints "
               "{\"command\": "
               "\"seed\", \"dry_run\", \"phase\", \"folder\", \"applied\": "
               "[{\"script\", \"checksum\", \"changed\", \"duration_ms\"}], \"failed\", "
               "\"unchanged\", \"migrated\" (migrate's report, with --migrate), "
               "\"duration_ms\", \"ok\", \"exit_status\", \"error\" when it failed}.";
    }
    Needs needs() const override { return Needs::database; }

    void define_options(po::options_description& options) override {
        options.add_options()("dir", po::value(&dir_)->value_name("DIR"),
                              "seed scripts (default: <migrations>/seed)")(
            "migrate", po::bool_switch(&options_.migrate_first),
            "apply pending migrations first instead of refusing")(
            "allow-production", po::bool_switch(&allow_production_),
            "seed even when the environment is production")(
            "dry-run", po::bool_switch(&options_.dry_run), "list what would run; change nothing")(
            "phase", po::value(&phase_text_)->default_value("pre")->value_name("pre|post|all"),
            "which migrations must be applied (and, with --migrate, are applied) first")(
            "lock-timeout",
            po::value(&lock_timeout_)->default_value(lock_timeout_)->value_name("D"),
            "how long to wait for a migration or seed run holding the lock")(
            "set", po::value(&assignments_)->composing()->value_name("NAME=VALUE"),
            "a ${NAME} placeholder value (repeatable; beats DECKHAND_PLACEHOLDER_NAME)")(
            "output", po::value(&output_text_)->default_value("text")->value_name("text|json"),
            "json: one document on stdout, also when the command fails");
    }

    void validate_options() override {
        options_.phase = script::parse_phase(phase_text_, "--phase");
        options_.lock_wait_timeout = lock_timeout_.value;
        format_ = parse_output_format(output_text_);
        for (const auto& assignment : assignments_) {
            script::parse_placeholder_assignment(assignment, "--set");
        }
    }

    int run(Context& context) override {
        SeedResult result;
        std::string folder;
        std::optional<SeedSet> seeds;  // the result points into it
        std::optional<script::MigrationSet> migrations;
        std::ostream nowhere(nullptr);  // --output json: stdout holds the document alone
        return run_reporting(
            context, format_,
            [&] { return seed_with(context, result, folder, seeds, migrations, nowhere); },
            [&] { return seed_json(result, options_, folder); });
    }

  private:
    int seed_with(Context& context, SeedResult& result, std::string& folder_text,
                  std::optional<SeedSet>& seeds, std::optional<script::MigrationSet>& migrations,
                  std::ostream& nowhere) {
        const Config& config = context.config();
        check_environment(config,
                          allow_production_ || options_.dry_run);  // a dry run writes nothing
        const auto folder = seed_folder(config.migrations_dir, dir_);
        folder_text = script::display_folder(folder);
        if (!dir_.empty() && !std::filesystem::is_directory(folder)) {
            throw ConfigError("--dir " + dir_ + " is not a folder");
        }

        // The migrate plugin answers whether the schema is current, and migrates for --migrate.
        auto& migrations_service = use_service<MigrationsService>(context);
        migrations_service.check_history_table(config);
        SeedOptions options = options_;
        for (const auto& [name, value] : config.placeholders) {
            options.placeholders.set(name, value);
        }
        for (const auto& assignment : assignments_) {
            auto [name, value] = script::parse_placeholder_assignment(assignment, "--set");
            options.placeholders.set(name, std::move(value));
        }

        if (!std::filesystem::exists(folder)) {
            context.log().info("no seed folder at {}; nothing to seed",
                               script::display_folder(folder));
            return 0;
        }
        // Both folders are read once, before the database opens, for the dialect the URL's
        // driver declares, so that an error in them leaves no new SQLite file behind; after it
        // opens only when its driver (of plugin API 1.4 or older) declares none.
        const std::string dialect = context.dialect();
        std::unique_ptr<db::Connection> connection;
        if (dialect.empty()) {
            connection = context.open_database();
        }
        seeds = load_seed_scripts(folder, dialect.empty() ? connection->dialect() : dialect);
        migrations = read_migrations_folder(context, migrations_service, connection.get());
        if (!connection) {
            connection = context.open_database();
        }
        for (const auto& warning : migrations->warnings) {
            context.log().warn("{}", warning);
        }
        seed::seed(*connection, *migrations, *seeds, options,
                   SeedIo{migrations_service, config,
                          MigrationsIo{context.log(),
                                       format_ == OutputFormat::json ? nowhere : context.out(),
                                       context.cancellation()}},
                   result);
        return 0;
    }

    SeedOptions options_;
    std::string dir_;
    bool allow_production_ = false;
    std::string phase_text_;
    DurationOption lock_timeout_{std::chrono::minutes(5)};
    std::vector<std::string> assignments_;
    std::string output_text_;
    OutputFormat format_ = OutputFormat::text;
};

}  // namespace

std::unique_ptr<Command> make_seed_command() {
    return std::make_unique<SeedCommand>();
}

}  // namespace deckhand::seed
