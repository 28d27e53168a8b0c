// How a task's or an ad-hoc script's outcome is shown: the rows of each statement that returned
// rows as an aligned table, then what was affected and whether it was kept; or all of it as
// one JSON object with --output json.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "deckhand/tasks/script_execution.hpp"

namespace deckhand::tasks {

enum class OutputFormat { text, json };

// "text" or "json"; throws UsageError naming --output otherwise.
OutputFormat parse_output_format(std::string_view text);

// NULL cells show as NULL; an empty string shows as nothing. The closing line (rows affected,
// committed or rolled back) is left out for a committed run that only read.
void write_result_text(std::ostream& out, std::string_view what, const RunResult& result);

// {"command": ..., "file": ..., "dry_run": false, "committed": true, "affected_rows": 3,
//  "elapsed_ms": 4,
//  "statements": [{"line": 7, "affected_rows": 3, "columns": ["id", ...],
//                  "rows": [{"id": "1", ...}, ...]}]}
// Values are strings as the database printed them, or null; "columns" and "rows" only for
// statements that return rows.
nlohmann::json result_json(std::string_view command, std::string_view file,
                           const RunResult& result);

}  // namespace deckhand::tasks
