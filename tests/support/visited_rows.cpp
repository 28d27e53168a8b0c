// Collecting query_each's rows for comparison with query().
#include "support/visited_rows.hpp"

namespace deckhand::test {

std::vector<db::Row> visited_rows(db::Connection& connection, const std::string& sql,
                                  const std::vector<db::Value>& params, std::int64_t* affected) {
    std::vector<db::Row> rows;
    const std::int64_t count = connection.query_each(sql, params, [&](db::RowView fields) {
        db::Row& row = rows.emplace_back();
        row.reserve(fields.size());
        for (const auto& field : fields) {
            row.push_back(field ? db::Field(std::string(*field)) : std::nullopt);
        }
    });
    if (affected != nullptr) {
        *affected = count;
    }
    return rows;
}

}  // namespace deckhand::test
