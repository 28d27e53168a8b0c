// `deckhand lint`: reads the migrations folder (or the files named), lints the new scripts and
// reports the findings; exit 1 when there are any.
#include "lint_command.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <set>

#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/lint/linter.hpp"
#include "deckhand/lint/report.hpp"
#include "deckhand/lint/rules.hpp"
#include "deckhand/lint/selection.hpp"
#include "deckhand/migrations_service.hpp"

namespace deckhand::lint {
namespace po = boost::program_options;

namespace {

// The scripts of `folder` that the configured database has not applied yet (pending,
// out-of-order or failed; relative to the folder), asked of the migrate plugin's "migrations"
// service, so that lint links no migrate engine.
std::set<std::string> pending_scripts(Context& context, const script::MigrationSet& folder) {
    auto& migrations = use_service<MigrationsService>(context);
    auto connection = context.open_database();
    std::set<std::string> pending;
    for (const auto& migration :
         migrations.standing(*connection, folder, context.config()).outstanding) {
        if (migration.state != "changed") {  // applied, then edited: migrate does not run it
            pending.insert(migration.script);
        }
    }
    return pending;
}

class LintCommand final : public Command {
  public:
    explicit LintCommand(PgParser parser) : parser_(std::move(parser)) {}

    std::string name() const override { return "lint"; }
    std::string summary() const override {
        return "Find migrations that break the running version or lock busy tables";
    }
    std::string usage() const override { return "[FILES...]"; }
    std::string description() const override {
        std::string text =
            "Lints the new scripts of the migrations folder for the dialect (--dialect, else the "
            "database URL's scheme): the files named, else those changed since --since <git ref> "
            "or newer than --since <version>, else, when a database URL is given (--database-url, "
            "DECKHAND_DATABASE_URL, DATABASE_URL, .env), the scripts still pending against that "
            "database (as `deckhand status` lists them, asked of the migrate plugin), else the "
            "newest versioned script. Earlier scripts say which tables exist: a table created by "
            "a new script is free to change. "
            "PostgreSQL scripts are parsed with PostgreSQL's own grammar (libpg_query); SQLite "
            "scripts are applied to an in-memory database and the catalog compared before and "
            "after. Contract changes in post/ (the post-deployment phase) are not flagged. Waive "
            "a rule with `-- deckhand:allow <rule> <reason>` on the statement (or above it), or "
            "before the first statement for the whole script; a waiver without a reason is a "
            "finding. Exit 1 on findings, 0 when clean, 2 for usage errors. `deckhand migrate "
            "--lint` runs this command on the scripts it is about to apply.\n\nRules:";
        for (const auto& rule : rules()) {
            text += "\n  " + std::string(rule.id) + " (" + std::string(to_string(rule.category)) +
                    "; " + std::string(rule.dialects) + ")\n      e.g. ";
            for (char c : rule.example) {
                text += c == '\n' ? std::string(" ") : std::string(1, c);
            }
        }
        return text;
    }
    Needs needs() const override { return Needs::config; }

    void define_options(po::options_description& options) override {
        options.add_options()("files", po::value(&files_)->composing()->value_name("FILE"),
                              "scripts to lint (default: see below)")(
            "output",
            po::value(&output_text_)->default_value("text")->value_name("text|json|sarif"),
            "report format: text, json, or sarif for code review")(
            "since", po::value(&since_)->value_name("REF|VERSION"),
            "lint the scripts changed since this git ref, or newer than this version")(
            "dialect", po::value(&dialect_text_)->value_name("postgres|sqlite"),
            "which scripts of the folder to lint (default: the database URL's scheme)")(
            "postgres-version",
            po::value(&postgres_version_)
                ->default_value(oldest_supported_postgres)
                ->value_name("N"),
            "the oldest PostgreSQL major version the scripts run on (ADD COLUMN ... DEFAULT is "
            "safe from 11)")("no-lock-timeout", po::bool_switch(&no_lock_timeout_),
                             "lint for a runner that sets no lock_timeout (deckhand migrate sets "
                             "--ddl-lock-timeout)");
    }
    void define_positionals(po::positional_options_description& positionals) override {
        positionals.add("files", -1);
    }
    void validate_options() override {
        format_ = parse_output_format(output_text_);
        if (postgres_version_ < 9 || postgres_version_ > 99) {
            throw UsageError("--postgres-version expects a major version such as 11 or 16, not " +
                             std::to_string(postgres_version_));
        }
    }

    int run(Context& context) override {
        const auto started = std::chrono::steady_clock::now();
        Selection selection;
        selection.folder = context.config().migrations_dir;
        selection.dialect = dialect_text_.empty() ? parse_dialect(database_dialect_text(context),
                                                                  "the database URL's dialect")
                                                  : parse_dialect(dialect_text_, "--dialect");
        selection.folder_rules = [&context, dialect = selection.dialect] {
            auto& migrations = use_service<MigrationsService>(context);
            return migrations_folder_rules(context, migrations, dialect_name(dialect));
        };
        selection.warn = [&context](const std::string& warning) {
            context.log().warn("{}", warning);
        };
        for (const auto& file : files_) {
            selection.files.emplace_back(file);
        }
        if (!since_.empty()) {
            selection.since = since_;
        } else if (files_.empty() && !context.config().uses_default_database() &&
                   find_dialect(database_dialect_text(context)) == selection.dialect) {
            selection.pending = [&context](const script::MigrationSet& folder) {
                auto pending = pending_scripts(context, folder);
                context.log().debug("{} script(s) pending against {}", pending.size(),
                                    context.config().database_url().redacted());
                return pending;
            };
        }
        const auto scripts = select_scripts(selection);
        Options options;
        options.dialect = selection.dialect;
        options.postgres_version = postgres_version_;
        options.lock_timeout_in_force = !no_lock_timeout_;
        const auto findings = lint(scripts, options, parser_);
        std::size_t linted = 0;
        for (const auto& script : scripts) {
            linted += script.is_new ? 1 : 0;
        }
        write_report(context.out(), format_, findings, linted);
        context.log().debug("linted {} of {} scripts in {} ms", linted, scripts.size(),
                            std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - started)
                                .count());
        return findings.empty() ? 0 : 1;
    }

  private:
    // The configured database's dialect as its driver declares it, so a team's driver of a
    // scheme of its own lints as the dialect it declares; the scheme names it when no driver
    // declares one.
    static std::string database_dialect_text(Context& context) {
        std::string declared = context.dialect();
        return declared.empty() ? context.config().database_url().scheme : declared;
    }

    PgParser parser_;
    std::vector<std::string> files_;
    std::string output_text_;
    OutputFormat format_ = OutputFormat::text;
    std::string since_;
    std::string dialect_text_;
    int postgres_version_ = oldest_supported_postgres;
    bool no_lock_timeout_ = false;
};

}  // namespace

std::unique_ptr<Command> make_lint_command(PgParser parser) {
    return std::make_unique<LintCommand>(std::move(parser));
}

}  // namespace deckhand::lint
