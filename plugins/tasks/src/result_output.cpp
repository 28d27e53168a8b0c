// Tables and JSON for task results.
#include "deckhand/tasks/result_output.hpp"

#include "deckhand/errors.hpp"
#include "deckhand/text_table.hpp"

namespace deckhand::tasks {
namespace {

std::string rows_text(std::size_t count) {
    return std::to_string(count) + (count == 1 ? " row" : " rows");
}

}  // namespace

OutputFormat parse_output_format(std::string_view text) {
    if (text == "text") {
        return OutputFormat::text;
    }
    if (text == "json") {
        return OutputFormat::json;
    }
    throw UsageError("--output expects text or json, not '" + std::string(text) + "'");
}

void write_result_text(std::ostream& out, std::string_view what, const RunResult& result) {
    bool returned_rows = false;
    for (const auto& statement : result.statements) {
        const auto& set = statement.result;
        if (set.columns.empty()) {
            continue;
        }
        if (returned_rows) {
            out << '\n';
        }
        returned_rows = true;
        TextTable table(set.columns);
        for (const auto& row : set.rows) {
            std::vector<std::string> cells;
            cells.reserve(row.size());
            for (const auto& field : row) {
                cells.push_back(field ? *field : "NULL");
            }
            table.add_row(std::move(cells));
        }
        table.write(out);
        out << "(" << rows_text(set.rows.size()) << ")\n";
    }
    // A task that only reads has said everything with its rows.
    if (returned_rows && result.affected_rows == 0 && result.committed) {
        return;
    }
    if (returned_rows) {
        out << '\n';
    }
    out << what << ": " << rows_text(static_cast<std::size_t>(result.affected_rows))
        << " affected; "
        << (result.committed ? "committed" : "dry run, rolled back: nothing changed") << "\n";
}

nlohmann::json result_json(std::string_view command, std::string_view file,
                           const RunResult& result) {
    nlohmann::json statements = nlohmann::json::array();
    for (const auto& statement : result.statements) {
        const auto& set = statement.result;
        nlohmann::json item = {{"line", statement.line}, {"affected_rows", set.affected_rows}};
        if (!set.columns.empty()) {
            nlohmann::json rows = nlohmann::json::array();
            for (const auto& row : set.rows) {
                nlohmann::json object = nlohmann::json::object();
                for (std::size_t i = 0; i < set.columns.size() && i < row.size(); ++i) {
                    object[set.columns[i]] =
                        row[i] ? nlohmann::json(*row[i]) : nlohmann::json(nullptr);
                }
                rows.push_back(std::move(object));
            }
            item["columns"] = set.columns;
            item["rows"] = std::move(rows);
        }
        statements.push_back(std::move(item));
    }
    return {{"command", command},
            {"file", file},
            {"dry_run", !result.committed},
            {"committed", result.committed},
            {"affected_rows", result.affected_rows},
            {"elapsed_ms", result.elapsed.count()},
            {"statements", std::move(statements)}};
}

}  // namespace deckhand::tasks
