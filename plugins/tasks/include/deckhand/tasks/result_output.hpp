// How a task's or an ad-hoc script's outcome is shown: the rows of each statement that returned
// rows as an aligned table, then what was affected and whether it was kept; or all of it as
// one JSON object with --output json.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "deckhand/json_report.hpp"
#include "deckhand/tasks/script_execution.hpp"

namespace deckhand::tasks {

// The one --output of every command (deckhand/json_report.hpp).
using deckhand::OutputFormat;
using deckhand::parse_output_format;

// NULL cells show as NULL; an empty string shows as nothing. The closing line (rows affected,
// committed or rolled back) is left out for a committed run that only read.
void write_result_text(std::ostream& out, std::string_view what, const RunResult& result);

// {"command": ..., "file": ..., "dry_run": false, "committed": true, "affected_rows": 3,
//  "elapsed_ms": 4,
//  "statements": [{"line": 7, "affected_rows": 3, "columns": ["id", ...],
//                  "types": ["integer", ...], "rows": [{"id": 1, ...}, ...]}]}
// Values keep the type the driver gave their column: integer and real columns are JSON
// numbers, boolean ones true or false, PostgreSQL json and jsonb the document itself, NULL is
// null, anything else a string as the database printed it (so are NaN and Infinity). "columns",
// "types" and "rows" only for statements that return rows.
nlohmann::json result_json(std::string_view command, std::string_view file,
                           const RunResult& result);

// What `help` says of --output json, for tasks and `sql`.
inline constexpr const char* json_output_help =
    "--output json prints {\"command\", \"file\", \"dry_run\", \"committed\", "
    "\"affected_rows\", \"elapsed_ms\", \"statements\": [{\"line\", \"affected_rows\", "
    "\"columns\", \"types\", \"rows\"}], \"ok\", \"exit_status\", \"error\" when it "
    "failed}: values keep their column's type (numbers, booleans, JSON documents; NULL is "
    "null), also when the run fails.";

// One value as JSON, by its column's type (as result_json says).
nlohmann::json field_json(const db::Field& field, db::ColumnType type);

// The report of a run that failed before it had a result: command, file and dry_run.
nlohmann::json failed_run_json(std::string_view command, std::string_view file, bool dry_run);

}  // namespace deckhand::tasks
