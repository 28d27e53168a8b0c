// Values that cross the db::Connection boundary: bound parameters in, text columns out.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace deckhand::db {

// A bound parameter. Drivers bind each alternative natively (SQLite: int64, double, 0/1, text;
// PostgreSQL: text in the server's input format, which the server casts from context).
using Value = std::variant<std::monostate /* NULL */, std::int64_t, double, bool, std::string>;

// A result column: NULL or the value as text.
using Field = std::optional<std::string>;
using Row = std::vector<Field>;

// A result column as the driver holds it while a row is visited: NULL or a view of the text,
// valid only during the visit.
using FieldView = std::optional<std::string_view>;
using RowView = std::span<const FieldView>;
using RowVisitor = std::function<void(RowView)>;

// What a result column holds, as the driver knows it: for output that keeps numbers numbers
// (JSON). `text` when the driver cannot tell; `json` when the text is itself a JSON document
// (PostgreSQL json and jsonb).
enum class ColumnType { text, integer, real, boolean, json };

struct ResultSet {
    std::vector<std::string> columns;
    std::vector<Row> rows;
    // Rows inserted, updated or deleted by the statement (0 for queries).
    std::int64_t affected_rows = 0;
};

}  // namespace deckhand::db
