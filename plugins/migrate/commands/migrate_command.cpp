// `deckhand migrate`: apply pending migrations.
#include "migrate_command.hpp"

#include "deckhand/database_url.hpp"
#include "deckhand/db/errors.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/json_report.hpp"
#include "deckhand/migrate/command_support.hpp"
#include "deckhand/migrate/json_report.hpp"
#include "deckhand/migrate/lint_gate.hpp"

namespace deckhand::migrate::cli {
namespace po = boost::program_options;

namespace {

class MigrateCommand final : public Command {
  public:
    std::string name() const override { return "migrate"; }
    std::string summary() const override { return "Apply pending migrations to the database"; }
    std::string description() const override {
        return "Takes the migration lock (other runs wait, then find nothing to do), checks that "
               "applied scripts are unchanged and that nothing failed before, then applies each "
               "pending versioned script in its own transaction with its history row, then the "
               "repeatable scripts whose checksum changed. Scripts under post/ run only with "
               "--phase post or --phase all. A script made only of statements that cannot run "
               "in a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...) runs outside one. "
               "Flyway folders (B baseline scripts on an empty database, U undo scripts never "
               "run, callbacks such as afterMigrate.sql, <script>.sql.conf), golang-migrate "
               "folders (.up.sql runs, .down.sql never) and dbmate folders (only the "
               "-- migrate:up section) run as their own tools run them. psql meta-commands "
               "(\\set, \\i, ...) are refused when the folder is read; COPY ... FROM STDIN "
               "with its rows inline works on PostgreSQL. On SQLite each script runs with "
               "foreign keys unenforced and PRAGMA foreign_key_check before its commit, so "
               "table rebuilds keep every row. --output json prints one document on stdout, also "
               "when the run fails: {\"command\": \"migrate\", \"phase\", \"dry_run\", "
               "\"target\", \"applied\": [{\"script\", \"version\", \"description\", "
               "\"kind\", \"phase\", \"checksum\", \"transaction\", \"duration_ms\"}], "
               "\"skipped\": [{..., \"reason\"}], \"failed\": {..., \"duration_ms\"} or "
               "null, \"baselined_at\", \"duration_ms\", \"schema_version\", \"ok\", "
               "\"exit_status\", \"error\": {\"message\", \"kind\", \"exit_status\"} "
               "when it failed}; under --dry-run \"applied\" lists what would run and the SQL "
               "is not printed. --lint first lints the scripts it is about to apply with "
               "`deckhand lint` (the lint plugin; the rest of the folder is their context, the "
               "server's version decides version-aware rules) and applies nothing while any "
               "finding is not waived (exit 1; hygiene findings are logged as warnings, the "
               "others as errors). The JSON document then has \"lint\": "
               "{\"scripts\", \"findings\"}.";
    }
    Needs needs() const override { return Needs::database; }

    void define_options(po::options_description& options) override {
        options.add_options()(
            "target", po::value(&target_text_)->value_name("VERSION|latest"),
            "apply versioned scripts up to this version only ('latest', the default: all of "
            "them; a version below the current one undoes nothing)")(
            "dry-run", po::bool_switch(&options_.dry_run),
            "print the plan and its SQL; change nothing")(
            "out-of-order", po::bool_switch(&options_.out_of_order),
            "apply pending scripts older than the newest applied one")(
            "phase", po::value(&phase_text_)->default_value("pre")->value_name("pre|post|all"),
            "which scripts to apply: pre (before the rollout), post (after it, the post/ folder), "
            "or all")("lock-timeout",
                      po::value(&lock_timeout_)->default_value(lock_timeout_)->value_name("D"),
                      "how long to wait for another run's migration lock")(
            "statement-timeout", po::value(&statement_timeout_)->value_name("D"),
            "bound every statement (default: none)")(
            "ddl-lock-timeout",
            po::value(&ddl_lock_timeout_)->default_value(ddl_lock_timeout_)->value_name("D"),
            "how long a statement may wait for a table lock, so the application never queues "
            "behind a "
            "migration for long (0: no bound)")(
            "set", po::value(&assignments_)->composing()->value_name("NAME=VALUE"),
            "a ${NAME} placeholder value (repeatable; beats DECKHAND_PLACEHOLDER_NAME)")(
            "create-schemas", po::bool_switch(&options_.create_schemas),
            "create the history table's schema (--history-table schema.table) when it is missing")(
            "baseline-on-migrate", po::bool_switch(&options_.baseline_on_migrate),
            "a schema that holds objects but no history is first baselined at "
            "--baseline-version, as Flyway's baselineOnMigrate does")(
            "baseline-version", po::value(&baseline_version_text_)->value_name("V"),
            "the version --baseline-on-migrate baselines at (default 1, as Flyway's)")(
            "output", po::value(&output_text_)->default_value("text")->value_name("text|json"),
            "json: one document on stdout saying what was applied, skipped and failed")(
            "lint", po::bool_switch(&lint_),
            "lint the scripts to apply first (deckhand lint) and apply nothing on an unwaived "
            "finding that breaks the previous version or locks a busy table");
    }

    void validate_options() override {
        format_ = parse_output_format(output_text_);
        options_.phase = script::parse_phase(phase_text_, "--phase");
        if (!target_text_.empty() && target_text_ != "latest") {
            options_.target = script::Version::parse(target_text_, "--target");
        }
        options_.lock_wait_timeout = lock_timeout_.value;
        options_.statement_timeout = statement_timeout_.value;  // 0 when not given: none
        options_.ddl_lock_timeout = ddl_lock_timeout_.value;
        if (!baseline_version_text_.empty()) {
            script::Version version;
            if (!script::Version::try_parse(baseline_version_text_, version)) {
                throw UsageError("--baseline-version expects a version such as 1 or 1.2, not '" +
                                 baseline_version_text_ + "'");
            }
            if (!options_.baseline_on_migrate) {
                throw UsageError(
                    "--baseline-version is the version --baseline-on-migrate "
                    "baselines at: give both, or neither");
            }
            options_.baseline_version = std::move(version);
        }
        for (const auto& assignment : assignments_) {
            script::parse_placeholder_assignment(assignment, "--set");
        }
    }

    int run(Context& context) override {
        // The result points into the folder's scripts: both outlive the report.
        std::optional<script::MigrationSet> migrations;
        MigrateResult result;
        nlohmann::json lint_report;     // --lint: lint's report on the scripts to apply
        std::ostream nowhere(nullptr);  // --output json: stdout holds the document alone
        const Io io{context.log(), format_ == OutputFormat::json ? nowhere : context.out(),
                    context.cancellation()};
        return run_reporting(
            context, format_,
            [&] {
                PendingMigrations pending(context, script::ScriptTexts::keep);
                MigrateOptions options = options_;
                options.history_table = history_table_name(context.config());
                pending.finish_reading();  // a folder error creates no database
                options.placeholders = placeholders_from(context, assignments_);
                auto connection = open_rehearsed(context, pending, migrations, options);
                if (lint_) {
                    lint_before_migrate(
                        context, *connection, *migrations,
                        planned_scripts(*connection, *migrations, options, context, result),
                        lint_report);
                }
                migrate::migrate(*connection, *migrations, options, io, result);
                return 0;
            },
            [&] {
                auto document = migrate_json(result, options_);
                if (lint_) {
                    document["lint"] = lint_report;
                }
                return document;
            });
    }

  private:
    // The database to migrate. A SQLite file that does not exist yet is created only once the
    // run has been rehearsed (as --dry-run, printing nothing) on an empty in-memory database, so
    // that what stops a run before its first script (an undefined placeholder, a stray COMMIT)
    // leaves no new file behind; a dry run on it creates nothing at all.
    static std::unique_ptr<db::Connection> open_rehearsed(
        Context& context, PendingMigrations& pending,
        std::optional<script::MigrationSet>& migrations, const MigrateOptions& options) {
        std::unique_ptr<db::Connection> connection;
        try {
            connection = context.open_database_with({.mode = db::OpenMode::existing});
        } catch (const db::MissingDatabase&) {
            const DatabaseUrl empty = parse_database_url("sqlite::memory:", "deckhand");
            auto rehearsal = context.open_database_with({.url = &empty});
            migrations = pending.get(context, *rehearsal);
            if (options.dry_run) {
                return rehearsal;
            }
            MigrateResult ignored;
            planned_scripts(*rehearsal, *migrations, options, context, ignored);
            return context.open_database();
        }
        migrations = pending.get(context, *connection);
        return connection;
    }

    // The scripts this run would apply, planned as --dry-run plans them (which changes nothing,
    // not even the history table) and printing nothing. `result` says what went wrong when the
    // plan itself fails; it is emptied for the run proper otherwise.
    static std::vector<const script::Migration*> planned_scripts(
        db::Connection& connection, const script::MigrationSet& migrations, MigrateOptions options,
        Context& context, MigrateResult& result) {
        options.dry_run = true;
        std::ostream nowhere(nullptr);
        migrate::migrate(connection, migrations, options,
                         Io{context.log(), nowhere, context.cancellation()}, result);
        std::vector<const script::Migration*> scripts;
        for (const auto& applied : result.applied) {
            scripts.push_back(applied.migration);
        }
        result = MigrateResult{};
        return scripts;
    }

    MigrateOptions options_;
    std::string target_text_;
    std::string phase_text_;
    DurationOption lock_timeout_{std::chrono::minutes(5)};
    DurationOption statement_timeout_;
    DurationOption ddl_lock_timeout_{std::chrono::seconds(10)};
    std::string baseline_version_text_;
    std::vector<std::string> assignments_;
    std::string output_text_;
    OutputFormat format_ = OutputFormat::text;
    bool lint_ = false;
};

}  // namespace

std::unique_ptr<Command> make_migrate_command() {
    return std::make_unique<MigrateCommand>();
}

}  // namespace deckhand::migrate::cli
