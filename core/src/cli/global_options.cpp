// The global options table and the precedence rules: command line, environment, deckhand.opts,
// default. Plugin folders accumulate instead (all of them are searched, in that order).
#include "cli/global_options.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "deckhand/duration.hpp"
#include "deckhand/errors.hpp"
#include "log/logging.hpp"

extern char** environ;

namespace deckhand::cli {
namespace {

const std::vector<GlobalOption> options_table = {
    {"database-url", "URL", "DECKHAND_DATABASE_URL",
     "the database to work on (also DATABASE_URL); default sqlite:deckhand.db outside Kubernetes "
     "and production"},
    {"database-url-file", "PATH", "DECKHAND_DATABASE_URL_FILE",
     "read the database URL from a file (a mounted Secret)"},
    {"migrations", "DIR", "DECKHAND_MIGRATIONS", "migration scripts; default ./migrations"},
    {"commands", "DIR", "DECKHAND_COMMANDS", "one-off task scripts; default ./commands"},
    {"plugin-dir", "DIR", "DECKHAND_PLUGIN_PATH",
     "extra plugin folder, searched before the installed one (repeatable; the variable is "
     ":-separated)"},
    {"log-level", "LEVEL", "DECKHAND_LOG_LEVEL", "trace, debug, info (default), warn, error"},
    {"log-format", "FORMAT", "DECKHAND_LOG_FORMAT", "text (default) or json: one object per line"},
    {"environment", "NAME", "DECKHAND_ENVIRONMENT",
     "development (default), staging, production, ... (compared without case; prod is "
     "production: no local SQLite fallback, and seed, writing tasks and sql ask for "
     "--allow-production)"},
    {"history-table", "NAME", "DECKHAND_HISTORY_TABLE",
     "the schema history table; default deckhand_schema_history (schema.table on PostgreSQL)"},
    {"wait-for-database", "D", "DECKHAND_WAIT_FOR_DATABASE",
     "retry connecting for up to D while the database cannot be reached yet (refused, DNS, "
     "starting up, too many connections; never a wrong password or unknown database); default 0, "
     "60s inside Kubernetes"},
};

struct Picked {
    std::string value;
    std::string origin;
};

class Resolver {
  public:
    Resolver(const GivenGlobals& command_line, const GivenGlobals& opts_file,
             const std::map<std::string, std::string>& environment,
             const std::map<std::string, std::string>& origins)
        : command_line_(command_line),
          opts_file_(opts_file),
          environment_(environment),
          origins_(origins) {}

    std::optional<Picked> from_command_line(const std::string& flag) const {
        return last(command_line_, flag);
    }
    std::optional<Picked> from_opts_file(const std::string& flag) const {
        return last(opts_file_, flag);
    }
    std::optional<Picked> from_environment(const std::string& variable) const {
        auto found = environment_.find(variable);
        if (found == environment_.end() || found->second.empty()) {
            return std::nullopt;
        }
        if (auto origin = origins_.find(variable); origin != origins_.end()) {
            return Picked{found->second, origin->second};
        }
        return Picked{found->second, variable};
    }

    // Flag, then its variable, then deckhand.opts.
    std::optional<Picked> pick(const std::string& flag) const {
        if (auto given = from_command_line(flag)) {
            return given;
        }
        if (auto given = from_environment(find_global_option(flag)->variable)) {
            return given;
        }
        return from_opts_file(flag);
    }

    std::vector<GivenValue> all(const GivenGlobals& layer, const std::string& flag) const {
        auto found = layer.find(flag);
        return found == layer.end() ? std::vector<GivenValue>{} : found->second;
    }

    const GivenGlobals& command_line() const { return command_line_; }
    const GivenGlobals& opts_file() const { return opts_file_; }
    const std::map<std::string, std::string>& environment() const { return environment_; }

  private:
    static std::optional<Picked> last(const GivenGlobals& layer, const std::string& flag) {
        auto found = layer.find(flag);
        if (found == layer.end() || found->second.empty()) {
            return std::nullopt;
        }
        return Picked{found->second.back().value, found->second.back().origin};
    }

    const GivenGlobals& command_line_;
    const GivenGlobals& opts_file_;
    const std::map<std::string, std::string>& environment_;
    const std::map<std::string, std::string>& origins_;
};

// The one URL a mounted Secret holds. Blank lines and the whitespace around the URL are
// dropped (editors and `echo` add a newline); nothing of the file is ever shown, since it is a
// secret, only how many lines it holds.
std::string read_url_file(const Picked& file) {
    const std::string where = "the database URL file " + file.value + " (from " + file.origin + ")";
    std::error_code error;
    if (std::filesystem::is_directory(file.value, error)) {
        throw ConfigError(where + " is a folder; name the file inside it that holds the URL");
    }
    std::ifstream in(file.value);
    if (!in) {
        throw ConfigError("cannot read " + where + ": it does not exist or is not readable");
    }
    std::string url;
    int lines = 0;
    for (std::string line; std::getline(in, line);) {
        const auto first = line.find_first_not_of(" \t\r\f\v");
        if (first == std::string::npos) {
            continue;
        }
        const auto last = line.find_last_not_of(" \t\r\f\v");
        url = line.substr(first, last - first + 1);
        ++lines;
    }
    if (in.bad()) {
        throw ConfigError("cannot read " + where);
    }
    if (lines == 0) {
        throw ConfigError(where + " is empty");
    }
    if (lines > 1) {
        throw ConfigError(where + " holds " + std::to_string(lines) +
                          " lines of text; it must hold the URL alone, on one line");
    }
    return url;
}

// The URL sources, most specific first: flags, DECKHAND_ variables, DATABASE_URL, deckhand.opts.
void resolve_database_url(const Resolver& resolver, Config& config) {
    auto flag_url = resolver.from_command_line("database-url");
    auto flag_file = resolver.from_command_line("database-url-file");
    if (flag_url && flag_file) {
        throw UsageError("give either --database-url or --database-url-file, not both");
    }
    std::optional<Picked> url = flag_url;
    std::optional<Picked> file = flag_file;
    if (!url && !file) {
        url = resolver.from_environment("DECKHAND_DATABASE_URL");
    }
    if (!url && !file) {
        file = resolver.from_environment("DECKHAND_DATABASE_URL_FILE");
    }
    if (!url && !file) {
        url = resolver.from_environment("DATABASE_URL");
    }
    if (!url && !file) {
        url = resolver.from_opts_file("database-url");
    }
    if (!url && !file) {
        file = resolver.from_opts_file("database-url-file");
    }
    if (url) {
        config.database_url_text = url->value;
        config.database_url_origin = url->origin;
    } else if (file) {
        config.database_url_text = read_url_file(*file);
        config.database_url_origin = "file " + file->value + " (from " + file->origin + ")";
    }
}

}  // namespace

const std::vector<GlobalOption>& global_options() {
    return options_table;
}

const GlobalOption* find_global_option(const std::string& flag) {
    for (const auto& option : options_table) {
        if (flag == option.flag) {
            return &option;
        }
    }
    return nullptr;
}

std::map<std::string, std::string> process_environment() {
    std::map<std::string, std::string> environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string_view item(*entry);
        auto eq = item.find('=');
        if (eq != std::string_view::npos) {
            environment.emplace(item.substr(0, eq), item.substr(eq + 1));
        }
    }
    return environment;
}

Config resolve_config(const GivenGlobals& command_line, const GivenGlobals& opts_file,
                      const std::map<std::string, std::string>& environment,
                      const std::map<std::string, std::string>& origins) {
    Resolver resolver(command_line, opts_file, environment, origins);
    Config config;
    resolve_database_url(resolver, config);
    if (auto given = resolver.pick("migrations")) {
        config.migrations_dir = given->value;
    }
    if (auto given = resolver.pick("commands")) {
        config.commands_dir = given->value;
    }
    if (auto given = resolver.pick("log-level")) {
        log::check_level(given->value, given->origin);
        config.log_level = given->value;
    }
    if (auto given = resolver.pick("log-format")) {
        log::parse_format(given->value, given->origin);
        config.log_format = given->value;
    }
    if (auto given = resolver.pick("environment")) {
        config.environment = given->value;
    }
    if (auto given = resolver.pick("history-table")) {
        config.history_table = given->value;
        config.history_table_origin = given->origin;
    }

    for (const auto& given : resolver.all(command_line, "plugin-dir")) {
        config.plugin_dirs.emplace_back(given.value);
    }
    if (auto path = resolver.from_environment("DECKHAND_PLUGIN_PATH")) {
        std::stringstream folders(path->value);
        for (std::string folder; std::getline(folders, folder, ':');) {
            if (!folder.empty()) {
                config.plugin_dirs.emplace_back(folder);
            }
        }
    }
    for (const auto& given : resolver.all(opts_file, "plugin-dir")) {
        config.plugin_dirs.emplace_back(given.value);
    }

    if (auto host = resolver.from_environment("KUBERNETES_SERVICE_HOST")) {
        config.in_kubernetes = true;
    }
    // Inside Kubernetes a database that is still starting (or a proxy sidecar that is) must not
    // burn the Job's retries; elsewhere an unreachable database is reported at once.
    if (auto given = resolver.pick("wait-for-database")) {
        config.wait_for_database = parse_duration(given->value, given->origin);
    } else if (config.in_kubernetes) {
        config.wait_for_database = default_wait_for_database_in_kubernetes;
    }
    const std::string placeholder_prefix = "DECKHAND_PLACEHOLDER_";
    for (const auto& [name, value] : environment) {
        if (name.size() > placeholder_prefix.size() && name.rfind(placeholder_prefix, 0) == 0) {
            config.placeholders[name.substr(placeholder_prefix.size())] = value;
        }
    }
    return config;
}

}  // namespace deckhand::cli
