// The type of each result column for Connection::query_typed: SQLite types values, not columns,
// so a column is integer (or real) when every value it returned has that storage class, boolean
// when it is declared BOOLEAN (or BOOL) and holds only 0 and 1, and text otherwise.
#pragma once

#include <sqlite3.h>

#include <vector>

#include "deckhand/db/value.hpp"

namespace deckhand::sqlite {

class ColumnTypeTally {
  public:
    // Counts the storage classes of the row the statement stands on.
    void add_row(sqlite3_stmt* statement, int columns);
    // The verdict for `columns` columns (text for those of a statement that returned no row).
    std::vector<db::ColumnType> types(std::size_t columns) const;

  private:
    struct Column {
        bool integer = false;  // an INTEGER value was seen
        bool real = false;
        bool other = false;       // TEXT or BLOB
        bool zero_or_one = true;  // every INTEGER value was 0 or 1
        bool declared_boolean = false;
    };
    std::vector<Column> columns_;
};

}  // namespace deckhand::sqlite
