// Reading a task's annotations into a TaskDefinition, with errors that name the file and line.
#include "deckhand/tasks/task_definition.hpp"

#include <algorithm>
#include <array>

#include "deckhand/errors.hpp"
#include "deckhand/script/named_parameters.hpp"
#include "deckhand/script/psql_commands.hpp"
#include "deckhand/script/splitter.hpp"

namespace deckhand::tasks {
namespace {

// The SQL is scanned with PostgreSQL's rules when the file is read (dollar-quoted bodies are
// the one place where SQLite's rules would see a parameter that is not one); the run checks
// again with the connection's dialect.
constexpr auto load_dialect = script::SqlDialect::postgres;

bool is_kebab_case(std::string_view name) noexcept {
    if (name.empty() || !(name.front() >= 'a' && name.front() <= 'z') || name.back() == '-') {
        return false;
    }
    char previous = 0;
    for (char c : name) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && previous != '-');
        if (!ok) {
            return false;
        }
        previous = c;
    }
    return true;
}

// Parameter names also allow '_', since the SQL spells them so.
bool is_param_name(std::string_view name) noexcept {
    if (name.empty() || !(name.front() >= 'a' && name.front() <= 'z')) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

[[noreturn]] void fail(std::string_view display_path, std::size_t line, const std::string& why) {
    throw ConfigError(std::string(display_path) + ":" + std::to_string(line) + ": " + why);
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) {
        out += (out.empty() ? "" : " ") + word;
    }
    return out;
}

TaskParam parse_param(const script::Directive& directive, std::string_view display_path) {
    const auto& args = directive.arguments;
    TaskParam param;
    param.line = directive.line;
    param.name = args[0];
    if (!is_param_name(param.name)) {
        fail(display_path, directive.line,
             "parameter name '" + param.name +
                 "' must be lower-case letters, digits, '-' or '_', starting with a letter");
    }
    if (is_reserved_param_name(param.name)) {
        fail(display_path, directive.line,
             "parameter name '" + param.name +
                 "' is taken by an option every task or deckhand itself has; choose another");
    }
    std::string why;
    if (!parse_param_type(args[1], param.type, why)) {
        fail(display_path, directive.line, why);
    }
    bool have_help = false;
    for (std::size_t i = 2; i < args.size(); ++i) {
        const std::string& word = args[i];
        if (word == "required") {
            param.required = true;
        } else if (word.rfind("default=", 0) == 0) {
            param.default_value = word.substr(8);
        } else if (!have_help && i + 1 == args.size()) {
            param.help = word;
            have_help = true;
        } else {
            fail(display_path, directive.line,
                 "'" + word +
                     "' is not 'required' or 'default=VALUE'; write the parameter as "
                     "NAME TYPE [required|default=VALUE] \"help\"");
        }
    }
    if (param.required && param.default_value) {
        fail(display_path, directive.line,
             "parameter '" + param.name + "' cannot be both required and have a default");
    }
    if (param.default_value) {
        try {
            convert_param_value(param.type, *param.default_value,
                                "the default of parameter '" + param.name + "'");
        } catch (const UsageError& error) {
            fail(display_path, directive.line, error.what());
        }
    }
    return param;
}

}  // namespace

std::string TaskParam::sql_name() const {
    std::string out = name;
    std::replace(out.begin(), out.end(), '-', '_');
    return out;
}

const TaskParam* TaskDefinition::find_by_sql_name(std::string_view sql_name) const noexcept {
    for (const auto& param : params) {
        if (param.sql_name() == sql_name) {
            return &param;
        }
    }
    return nullptr;
}

const std::vector<script::DirectiveRule>& task_directive_rules() {
    static const std::vector<script::DirectiveRule> rules = {
        {"command", 1, 1, true},
        {"summary", 1, 1000, true},
        {"param", 2, 4, true},
        {"read-only", 0, 0, true},
    };
    return rules;
}

bool is_reserved_param_name(std::string_view name) noexcept {
    static constexpr std::array<std::string_view, 13> reserved = {
        "dry-run",         "output",     "help",        "version",
        "database-url",    "migrations", "commands",    "plugin-dir",
        "log-level",       "log-format", "environment", "database-url-file",
        "allow-production"};
    std::string dashed(name);
    std::replace(dashed.begin(), dashed.end(), '_', '-');
    return std::find(reserved.begin(), reserved.end(), dashed) != reserved.end();
}

std::optional<TaskDefinition> parse_task(std::string text, const std::filesystem::path& path,
                                         std::string display_path) {
    const auto directives = script::scan_directives(text, load_dialect, display_path);
    if (directives.empty()) {
        return std::nullopt;
    }
    script::check_directives(directives, task_directive_rules(), display_path);

    TaskDefinition task;
    task.path = path;
    bool have_command = false;
    bool have_summary = false;
    for (const auto& directive : directives) {
        if (directive.name == "command") {
            if (have_command) {
                fail(display_path, directive.line, "a task file names one command, not two");
            }
            have_command = true;
            task.name = directive.arguments[0];
            task.line = directive.line;
            if (!is_kebab_case(task.name)) {
                fail(display_path, directive.line,
                     "command name '" + task.name + "' must be kebab-case, such as archive-posts");
            }
        } else if (directive.name == "read-only") {
            task.read_only = true;
        } else if (directive.name == "summary") {
            if (have_summary) {
                fail(display_path, directive.line, "a task has one -- deckhand:summary line");
            }
            have_summary = true;
            task.summary = join(directive.arguments);
        } else {
            TaskParam param = parse_param(directive, display_path);
            for (const auto& earlier : task.params) {
                if (earlier.sql_name() == param.sql_name()) {
                    fail(display_path, directive.line,
                         "parameter '" + param.name + "' is declared twice (line " +
                             std::to_string(earlier.line) + ")");
                }
            }
            task.params.push_back(std::move(param));
        }
    }
    if (!have_command) {
        fail(display_path, directives.front().line,
             "has '-- deckhand:" + directives.front().name +
                 "' but no '-- deckhand:command NAME' saying which command it is");
    }
    if (!script::has_statements(text, load_dialect)) {
        fail(display_path, task.line, "the task holds no SQL statement");
    }
    script::refuse_psql_only_syntax(text, load_dialect, display_path);
    {
        // Numbered parameters would collide with the numbers :names are given.
        script::ScriptLexer lexer(text, load_dialect);
        script::Token token;
        while (lexer.next(token)) {
            if (token.kind == script::TokenKind::parameter) {
                fail(display_path, token.line,
                     "write parameters as :name, declared with -- deckhand:param, not " +
                         std::string(lexer.text_of(token)));
            }
        }
    }
    for (const auto& use : script::find_named_parameters(text, load_dialect)) {
        if (task.find_by_sql_name(use.name) == nullptr) {
            fail(display_path, use.line,
                 ":" + use.name +
                     " is not a declared parameter (declare it with -- deckhand:param " + use.name +
                     " TYPE ..., or write '::' for a cast)");
        }
    }
    if (task.summary.empty()) {
        task.summary = "Run " + display_path;
    }
    task.display_path = std::move(display_path);
    task.text = std::move(text);
    return task;
}

}  // namespace deckhand::tasks
