// The default db::Connection::query_each, for drivers that do not stream rows themselves: the
// rows are collected by query() and visited from there.
#include "deckhand/db/connection.hpp"

#include <vector>

namespace deckhand::db {

std::int64_t Connection::query_each(const std::string& sql, const std::vector<Value>& params,
                                    const RowVisitor& visit) {
    ResultSet result = query(sql, params);
    std::vector<FieldView> fields;
    for (const Row& row : result.rows) {
        fields.assign(row.begin(), row.end());
        visit(fields);
    }
    return result.affected_rows;
}

}  // namespace deckhand::db
