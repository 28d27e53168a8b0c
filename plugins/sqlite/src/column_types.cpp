// Column types from the storage classes of the values a statement returned.
#include "column_types.hpp"

#include <string_view>

#include "deckhand/ascii.hpp"

namespace deckhand::sqlite {

void ColumnTypeTally::add_row(sqlite3_stmt* statement, int columns) {
    if (columns_.empty() && columns > 0) {
        columns_.resize(static_cast<std::size_t>(columns));
        for (int column = 0; column < columns; ++column) {
            const char* declared = sqlite3_column_decltype(statement, column);
            const std::string lower = ascii_lower(declared != nullptr ? declared : "");
            columns_[static_cast<std::size_t>(column)].declared_boolean =
                lower.find("bool") != std::string::npos;
        }
    }
    for (int column = 0; column < columns && column < static_cast<int>(columns_.size()); ++column) {
        Column& tally = columns_[static_cast<std::size_t>(column)];
        switch (sqlite3_column_type(statement, column)) {
            case SQLITE_NULL:
                break;
            case SQLITE_INTEGER: {
                tally.integer = true;
                const auto value = sqlite3_column_int64(statement, column);
                tally.zero_or_one = tally.zero_or_one && (value == 0 || value == 1);
                break;
            }
            case SQLITE_FLOAT:
                tally.real = true;
                break;
            default:
                tally.other = true;
                break;
        }
    }
}

std::vector<db::ColumnType> ColumnTypeTally::types(std::size_t columns) const {
    std::vector<db::ColumnType> out(columns, db::ColumnType::text);
    for (std::size_t i = 0; i < columns && i < columns_.size(); ++i) {
        const Column& tally = columns_[i];
        if (tally.other || (!tally.integer && !tally.real)) {
            continue;
        }
        if (tally.real) {
            out[i] = db::ColumnType::real;
        } else if (tally.declared_boolean && tally.zero_or_one) {
            out[i] = db::ColumnType::boolean;
        } else {
            out[i] = db::ColumnType::integer;
        }
    }
    return out;
}

}  // namespace deckhand::sqlite
