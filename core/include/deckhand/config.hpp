// The resolved global configuration: flags beat environment variables beat deckhand.opts
// beat built-in defaults.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "deckhand/ascii.hpp"
#include "deckhand/database_url.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/export.hpp"

namespace deckhand {

struct DECKHAND_API Config {
    // The URL as given, and where it came from (for errors), if any was given.
    std::optional<std::string> database_url_text;
    std::string database_url_origin;

    std::filesystem::path migrations_dir = "migrations";
    std::filesystem::path commands_dir = "commands";
    std::vector<std::filesystem::path> plugin_dirs;  // searched in this order
    std::string log_level = "info";
    std::string log_format = "text";  // text | json
    std::string environment = "development";
    bool in_kubernetes = false;  // KUBERNETES_SERVICE_HOST is set

    // Placeholders from DECKHAND_PLACEHOLDER_<name> variables; commands add --set on top.
    std::map<std::string, std::string> placeholders;

    // Since plugin API 1.2 (appended, so that the fields above keep their place): how long
    // Context::open_database() keeps retrying a database that cannot be reached yet
    // (--wait-for-database; 0 outside Kubernetes, a minute inside).
    std::chrono::milliseconds wait_for_database{0};

    // Environment names compare without case: Production, PRODUCTION, prod and Prod all are.
    bool is_production() const {
        const std::string name = ascii_lower(environment);
        return name == "production" || name == "prod";
    }
    // In production, throws ConfigError "refusing to <action>: the environment is '<name>', and
    // <why>; pass --allow-production ..." unless `allowed` (the command's --allow-production).
    // Inline, so that a plugin built against it needs nothing new of the core.
    void refuse_in_production(bool allowed, const std::string& action,
                              const std::string& why) const {
        if (is_production() && !allowed) {
            throw ConfigError("refusing to " + action + ": the environment is '" + environment +
                              "', and " + why +
                              "; pass --allow-production if this really is meant for production");
        }
    }

    // The database to work on: the given URL, or the embedded default sqlite:deckhand.db
    // (logged) where neither Kubernetes nor production forbids it. Throws ConfigError.
    DatabaseUrl database_url() const;
    // True when database_url() would fall back to the embedded default.
    bool uses_default_database() const { return !database_url_text.has_value(); }

    // Since plugin API 1.2. The schema history table as given (--history-table,
    // DECKHAND_HISTORY_TABLE; `schema.table` on PostgreSQL), unchecked: the migrate engine
    // parses it. The origin names the flag or variable for errors; empty for the default.
    std::string history_table = "deckhand_schema_history";
    std::string history_table_origin;
};

inline constexpr const char* default_database_url = "sqlite:deckhand.db";
inline constexpr std::chrono::seconds default_wait_for_database_in_kubernetes{60};

}  // namespace deckhand
