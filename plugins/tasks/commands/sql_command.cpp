// `deckhand sql FILE`: an ad-hoc script, run in one transaction, its rows shown like a task's.
#include "sql_command.hpp"

#include <spdlog/spdlog.h>

#include <optional>

#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/script/psql_commands.hpp"
#include "deckhand/script/script_file.hpp"
#include "deckhand/script/splitter.hpp"
#include "deckhand/tasks/read_only.hpp"
#include "deckhand/tasks/result_output.hpp"

namespace deckhand::tasks {
namespace po = boost::program_options;

namespace {

class SqlCommand final : public Command {
  public:
    std::string name() const override { return "sql"; }
    std::string summary() const override {
        return "Run an ad-hoc SQL script in one transaction and show what it returned";
    }
    std::string usage() const override { return "FILE"; }
    std::string description() const override {
        return "Instead of pasting statements into a production psql session: the script runs "
               "statement by statement in one transaction, committed only if every statement "
               "succeeds. With --dry-run it runs and is rolled back, reporting what it would have "
               "done. A script that starts or ends a transaction itself (BEGIN, COMMIT, "
               "ROLLBACK, ...) is refused before anything runs. Statements that cannot run in a "
               "transaction (VACUUM, CREATE INDEX CONCURRENTLY) belong in a migration. In "
               "production it asks for "
               "--allow-production, unless it is a --dry-run or --read-only (a read-only "
               "transaction, in which any write fails). A SQLite database must exist (the script "
               "never creates one; --read-only opens it read-only). " +
               std::string(json_output_help);
    }
    Needs needs() const override { return Needs::database; }

    void define_options(po::options_description& options) override {
        options.add_options()("file", po::value(&file_)->required()->value_name("FILE"),
                              "the script to run")("dry-run", po::bool_switch(&dry_run_),
                                                   "run the script, report, then roll it back")(
            "read-only", po::bool_switch(&read_only_),
            "run in a read-only transaction: a report, which production allows without "
            "--allow-production")("allow-production", po::bool_switch(&allow_production_),
                                  "run it even when the environment is production")(
            "output", po::value(&output_text_)->default_value("text")->value_name("text|json"),
            "how to show the result");
    }
    void define_positionals(po::positional_options_description& positionals) override {
        positionals.add("file", 1);
    }

    void validate_options() override { format_ = parse_output_format(output_text_); }

    int run(Context& context) override {
        return run_reporting(
            context, format_, [&] { return execute(context); },
            [&] {
                return result_ ? result_json("sql", file_, *result_)
                               : failed_run_json("sql", file_, dry_run_);
            });
    }

  private:
    int execute(Context& context) {
        // Read and split before connecting: a missing file or an empty one changes nothing.
        const std::string text = script::read_script_file(file_, file_);
        if (!script::has_statements(text, script::SqlDialect::generic)) {
            throw ConfigError(file_ + " holds no SQL statement");
        }
        if (!read_only_ && !dry_run_) {
            context.config().refuse_in_production(
                allow_production_, "run " + file_,
                "an ad-hoc script may write (--read-only runs it as a report, --dry-run rolls it "
                "back)");
        }
        // A script never creates its database (a missing SQLite file is a mistyped path); a
        // dry run writes and rolls back, so only --read-only opens read-only.
        auto connection = context.open_database_with(
            {.mode = read_only_ ? db::OpenMode::read_only : db::OpenMode::existing});
        const auto dialect = script::sql_dialect(connection->dialect());
        script::refuse_psql_only_syntax(text, dialect, file_);
        const auto statements = bind_statements(text, dialect, file_, nullptr);
        const auto run = read_only_ ? run_read_only : run_in_transaction;
        result_ = run(*connection, statements, file_, dry_run_, context.cancellation());
        if (format_ == OutputFormat::text) {
            write_result_text(context.out(), "sql " + file_, *result_);
        }
        return 0;
    }

    std::string file_;
    bool dry_run_ = false;
    bool read_only_ = false;
    bool allow_production_ = false;
    std::string output_text_;
    OutputFormat format_ = OutputFormat::text;
    std::optional<RunResult> result_;
};

}  // namespace

std::unique_ptr<Command> make_sql_command() {
    return std::make_unique<SqlCommand>();
}

}  // namespace deckhand::tasks
