// Tables and JSON for task results.
#include "deckhand/tasks/result_output.hpp"

#include <optional>

#include "deckhand/errors.hpp"
#include "deckhand/text_table.hpp"

namespace deckhand::tasks {
namespace {

std::string rows_text(std::size_t count) {
    return std::to_string(count) + (count == 1 ? " row" : " rows");
}

std::string_view type_name(db::ColumnType type) {
    switch (type) {
        case db::ColumnType::integer:
            return "integer";
        case db::ColumnType::real:
            return "real";
        case db::ColumnType::boolean:
            return "boolean";
        case db::ColumnType::json:
            return "json";
        case db::ColumnType::text:
            break;
    }
    return "text";
}

// `text` parsed as JSON when it is what `accept` wants (a number, any document), else null.
template <class Accept>
std::optional<nlohmann::json> parsed(const std::string& text, Accept accept) {
    nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
    if (value.is_discarded() || !accept(value)) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

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
                        field_json(row[i], i < statement.types.size() ? statement.types[i]
                                                                      : db::ColumnType::text);
                }
                rows.push_back(std::move(object));
            }
            item["columns"] = set.columns;
            nlohmann::json types = nlohmann::json::array();
            for (std::size_t i = 0; i < set.columns.size(); ++i) {
                types.push_back(type_name(i < statement.types.size() ? statement.types[i]
                                                                     : db::ColumnType::text));
            }
            item["types"] = std::move(types);
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

nlohmann::json field_json(const db::Field& field, db::ColumnType type) {
    if (!field) {
        return nullptr;
    }
    const std::string& text = *field;
    std::optional<nlohmann::json> value;
    switch (type) {
        case db::ColumnType::integer:
        case db::ColumnType::real:
            value = parsed(text, [](const nlohmann::json& v) { return v.is_number(); });
            break;
        case db::ColumnType::boolean:
            if (text == "t" || text == "true" || text == "1") {
                value = true;
            } else if (text == "f" || text == "false" || text == "0") {
                value = false;
            }
            break;
        case db::ColumnType::json:
            value = parsed(text, [](const nlohmann::json&) { return true; });
            break;
        case db::ColumnType::text:
            break;
    }
    return value ? std::move(*value) : nlohmann::json(text);
}

nlohmann::json failed_run_json(std::string_view command, std::string_view file, bool dry_run) {
    return {{"command", command}, {"file", file},       {"dry_run", dry_run},
            {"committed", false}, {"affected_rows", 0}, {"statements", nlohmann::json::array()}};
}

}  // namespace deckhand::tasks
