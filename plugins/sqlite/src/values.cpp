// Parameter binding and column reading for the SQLite driver.
#include "values.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>
#include <variant>

namespace deckhand::sqlite {

std::optional<std::size_t> parameter_number(const char* name) {
    if (name == nullptr || name[0] != '$' || name[1] == '\0') {
        return std::nullopt;
    }
    std::string_view digits(name + 1);
    std::size_t number = 0;
    auto [end, failure] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (failure != std::errc() || end != digits.data() + digits.size() || number == 0) {
        return std::nullopt;
    }
    return number;
}

int bind_value(sqlite3_stmt* statement, int index, const db::Value& value) {
    return std::visit(
        [&](const auto& item) -> int {
            using T = std::decay_t<decltype(item)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return sqlite3_bind_null(statement, index);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return sqlite3_bind_int64(statement, index, item);
            } else if constexpr (std::is_same_v<T, double>) {
                return sqlite3_bind_double(statement, index, item);
            } else if constexpr (std::is_same_v<T, bool>) {
                return sqlite3_bind_int(statement, index, item ? 1 : 0);
            } else {
                static_assert(std::is_same_v<T, std::string>);
                return sqlite3_bind_text64(statement, index, item.data(), item.size(),
                                           SQLITE_STATIC, SQLITE_UTF8);
            }
        },
        value);
}

std::string format_real(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "Infinity" : "-Infinity";
    }
    char buffer[std::numeric_limits<double>::max_digits10 + 16];
    auto [end, failure] = std::to_chars(buffer, buffer + sizeof buffer, value);
    (void)failure;  // the buffer holds any double's shortest form
    return std::string(buffer, end);
}

db::Field read_field(sqlite3_stmt* statement, int column) {
    std::string scratch;
    const db::FieldView view = read_field_view(statement, column, scratch);
    return view ? db::Field(std::in_place, *view) : std::nullopt;
}

db::FieldView read_field_view(sqlite3_stmt* statement, int column, std::string& scratch) {
    switch (sqlite3_column_type(statement, column)) {
        case SQLITE_NULL:
            return std::nullopt;
        case SQLITE_FLOAT:
            scratch = format_real(sqlite3_column_double(statement, column));
            return std::string_view(scratch);
        default: {
            // column_text first, then column_bytes: the documented order for a text result.
            const auto* text =
                reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
            auto length = static_cast<std::size_t>(sqlite3_column_bytes(statement, column));
            return text == nullptr ? std::string_view() : std::string_view(text, length);
        }
    }
}

}  // namespace deckhand::sqlite
