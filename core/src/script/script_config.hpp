// Core-internal: Flyway's per-script configuration file, <script>.sql.conf, next to the script.
// Java-properties lines (key=value or key:value; # and ! comments); deckhand knows
// executeInTransaction, and accepts encoding when it is UTF-8 (the only encoding it reads).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deckhand::script {

// The suffix that makes a file a script's configuration.
inline constexpr std::string_view script_config_suffix = ".conf";

struct ScriptConfig {
    std::optional<bool> execute_in_transaction;
};

// Parses the text; each problem (an unknown key, a value that is not true or false) is appended
// as "<display_path>:<line>: ...".
ScriptConfig parse_script_config(std::string_view text, std::string_view display_path,
                                 std::vector<std::string>& problems);

}  // namespace deckhand::script
