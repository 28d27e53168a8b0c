// Reading ./.env into the configuration, with the environment winning.
#include "cli/local_env.hpp"

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/dotenv.hpp"

namespace deckhand::cli {
namespace {

constexpr const char* local_env_file = ".env";

// The variables that name the database: when the environment sets any of them, the .env's are
// all ignored, so that its DECKHAND_DATABASE_URL never beats an exported DATABASE_URL.
constexpr std::array<const char*, 3> url_variables = {"DECKHAND_DATABASE_URL",
                                                      "DECKHAND_DATABASE_URL_FILE", "DATABASE_URL"};

bool is_url_variable(const std::string& name) {
    for (const char* variable : url_variables) {
        if (name == variable) {
            return true;
        }
    }
    return false;
}

bool is_taken_from_local_env(const std::string& name) {
    return name == "DATABASE_URL" || name.rfind("DECKHAND_", 0) == 0;
}

}  // namespace

Config resolve_config_with_local_env(const GivenGlobals& command_line,
                                     const GivenGlobals& opts_file,
                                     const std::map<std::string, std::string>& environment,
                                     std::vector<LogNote>& notes) {
    Config config = resolve_config(command_line, opts_file, environment);
    std::error_code error;
    if (!std::filesystem::exists(local_env_file, error)) {
        return config;
    }
    if (config.in_kubernetes || config.is_production()) {
        notes.push_back({spdlog::level::debug,
                         std::string("not reading ") + local_env_file +
                             ": it is for local "
                             "development, and this run is " +
                             (config.in_kubernetes ? "inside Kubernetes" : "in production")});
        return config;
    }
    std::ifstream in(local_env_file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in || std::filesystem::is_directory(local_env_file, error)) {
        notes.push_back({spdlog::level::warn,
                         std::string("cannot read ") + local_env_file + "; it is ignored"});
        return config;
    }
    const auto parsed = config::parse_dotenv(text.str(), local_env_file, environment);
    for (const auto& warning : parsed.warnings) {
        notes.push_back({spdlog::level::warn, warning});
    }

    bool environment_names_database = false;
    for (const char* variable : url_variables) {
        environment_names_database = environment_names_database || environment.count(variable) > 0;
    }
    std::map<std::string, std::string> merged = environment;
    std::map<std::string, std::string> origins;
    std::size_t taken = 0;
    for (const auto& [name, value] : parsed.values) {
        if (!is_taken_from_local_env(name) || environment.count(name) > 0 ||
            (environment_names_database && is_url_variable(name))) {
            continue;
        }
        merged[name] = value.value;
        origins[name] =
            std::string(local_env_file) + " line " + std::to_string(value.line) + " (" + name + ")";
        ++taken;
    }
    if (taken == 0) {
        return config;
    }
    Config local = resolve_config(command_line, opts_file, merged, origins);
    if (local.is_production()) {
        notes.push_back({spdlog::level::warn,
                         std::string(local_env_file) +
                             " sets the environment to production; it is for local development "
                             "only, so none of it is used"});
        return config;
    }
    notes.push_back({spdlog::level::debug,
                     "took " + std::to_string(taken) + " setting(s) from " + local_env_file});
    return local;
}

}  // namespace deckhand::cli
