// A task file as a command: options from its parameters, a run in one transaction.
#include "task_command.hpp"

#include <spdlog/spdlog.h>

#include <map>
#include <optional>

#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/log_event.hpp"
#include "deckhand/tasks/read_only.hpp"
#include "deckhand/tasks/result_output.hpp"

namespace deckhand::tasks {
namespace po = boost::program_options;

namespace {

class TaskCommand final : public Command {
  public:
    explicit TaskCommand(TaskDefinition task)
        : task_(std::move(task)), given_(task_.params.size()), values_(task_.params.size()) {}

    std::string name() const override { return task_.name; }
    std::string summary() const override { return task_.summary; }
    std::string description() const override {
        return "A task from " + task_.display_path +
               ". It runs in one transaction: all of it takes effect, or none (a task that "
               "starts or ends a transaction itself, with BEGIN, COMMIT or ROLLBACK, is "
               "refused). Parameters are "
               "bound as values, never pasted into the SQL. A SQLite database must exist: a task "
               "never creates one. " +
               (task_.read_only
                    ? std::string("It only reads (-- deckhand:read-only): the transaction is "
                                  "read-only, and production needs no --allow-production.")
                    : std::string("In production it asks for --allow-production, since it may "
                                  "write (a task that only reads says so with -- "
                                  "deckhand:read-only); --dry-run needs nothing.")) +
               " " + json_output_help;
    }
    Needs needs() const override { return Needs::database; }

    void define_options(po::options_description& options) override {
        given_.assign(task_.params.size(), std::nullopt);  // what this parse gives, only
        for (std::size_t i = 0; i < task_.params.size(); ++i) {
            const TaskParam& param = task_.params[i];
            auto* value = po::value<std::string>()->value_name(param.type.value_name());
            value->notifier([this, i](const std::string& text) { given_[i] = text; });
            if (param.required) {
                value->required();
            }
            if (param.default_value) {
                value->default_value(*param.default_value);
            }
            if (param.type.kind == ParamType::Kind::boolean) {
                // --flag alone says true; --flag=false says false.
                value->implicit_value("true");
                if (!param.default_value && !param.required) {
                    value->default_value("false");
                }
            }
            std::string help = param.help;
            if (param.required) {
                help += help.empty() ? "(required)" : " (required)";
            }
            options.add_options()(param.name.c_str(), value, help.c_str());
        }
        options.add_options()("dry-run", po::bool_switch(&dry_run_),
                              "run the task, report what it did, then roll it back")(
            "allow-production", po::bool_switch(&allow_production_),
            task_.read_only ? "(not needed: this task only reads)"
                            : "run it even when the environment is production")(
            "output", po::value(&output_text_)->default_value("text")->value_name("text|json"),
            "how to show the result");
    }

    void validate_options() override {
        format_ = parse_output_format(output_text_);
        for (std::size_t i = 0; i < task_.params.size(); ++i) {
            const TaskParam& param = task_.params[i];
            if (!given_[i]) {
                values_[i] = std::monostate{};  // optional, no default: NULL
                continue;
            }
            values_[i] =
                convert_param_value(param.type, *given_[i], task_.name + " --" + param.name);
        }
    }

    int run(Context& context) override {
        return run_reporting(
            context, format_, [&] { return execute(context); },
            [&] {
                return result_ ? result_json(task_.name, task_.display_path, *result_)
                               : failed_run_json(task_.name, task_.display_path, dry_run_);
            });
    }

  private:
    int execute(Context& context) {
        if (!task_.read_only && !dry_run_) {
            context.config().refuse_in_production(
                allow_production_, "run task " + task_.name,
                "the task may write (a task that only reads says so with -- deckhand:read-only)");
        }
        // A task never creates its database (a missing SQLite file is a mistyped path); a dry
        // run of a writing task writes and rolls back, so only read-only tasks open read-only.
        auto connection = context.open_database_with(
            {.mode = task_.read_only ? db::OpenMode::read_only : db::OpenMode::existing});
        const auto dialect = script::sql_dialect(connection->dialect());
        const ParameterLookup lookup = [this](const script::NamedParameterUse& use) {
            for (std::size_t i = 0; i < task_.params.size(); ++i) {
                if (task_.params[i].sql_name() == use.name) {
                    return values_[i];
                }
            }
            throw ConfigError(task_.display_path + ":" + std::to_string(use.line) +
                              ": :" + use.name + " is not a declared parameter");
        };
        const auto statements = bind_statements(task_.text, dialect, task_.display_path, &lookup);
        context.log().debug("running task {} from {} ({} statements{})", task_.name,
                            task_.display_path, statements.size(), dry_run_ ? ", dry run" : "");
        const auto run = task_.read_only ? run_read_only : run_in_transaction;
        result_ =
            run(*connection, statements, task_.display_path, dry_run_, context.cancellation());
        log_event(context.log(), spdlog::level::debug, "task_finished",
                  {{"task", task_.name},
                   {"script", task_.display_path},
                   {"affected_rows", result_->affected_rows},
                   {"committed", result_->committed},
                   {"duration_ms", result_->elapsed.count()}},
                  fmt::format("task {} done in {}ms: {} affected, {}", task_.name,
                              result_->elapsed.count(), result_->affected_rows,
                              result_->committed ? "committed" : "rolled back"));
        if (format_ == OutputFormat::text) {
            write_result_text(context.out(), task_.name, *result_);
        }
        return 0;
    }

    TaskDefinition task_;
    std::vector<std::optional<std::string>> given_;
    std::vector<db::Value> values_;
    bool dry_run_ = false;
    bool allow_production_ = false;
    std::string output_text_;
    OutputFormat format_ = OutputFormat::text;
    std::optional<RunResult> result_;
};

}  // namespace

std::unique_ptr<Command> make_task_command(TaskDefinition task) {
    return std::make_unique<TaskCommand>(std::move(task));
}

}  // namespace deckhand::tasks
