// The defaults of db::Connection's later additions: query_each for drivers that do not stream
// rows themselves (the rows are collected by query() and visited from there), COPY refused,
// migration scripts that need nothing of the session, and batches run one statement at a time.
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

void Connection::copy_from_stdin(const std::string& /*sql*/, std::string_view /*data*/) {
    throw DatabaseError("COPY ... FROM STDIN is not available on " + dialect() +
                            " databases; write the rows as INSERT statements",
                        "", 0);
}

ResultSet Connection::query_typed(const std::string& sql, const std::vector<Value>& params,
                                  std::vector<ColumnType>& types) {
    ResultSet result = query(sql, params);
    types.assign(result.columns.size(), ColumnType::text);
    return result;
}

ResultSet Connection::query_batch(const std::vector<BatchQuery>& queries, AfterBatch after) {
    if (after == AfterBatch::commit && !in_transaction()) {
        throw DatabaseError("a batch was to end with a commit, but no transaction is open",
                            "25P01");
    }
    // Outside a transaction a batch of several is a transaction of its own, as it is on a driver
    // that sends it at once.
    const bool own_transaction =
        after == AfterBatch::nothing && queries.size() > 1 && !in_transaction();
    const bool ends_transaction = own_transaction || after == AfterBatch::commit;
    if (own_transaction) {
        begin();
    }
    ResultSet last;
    try {
        for (const BatchQuery& batched : queries) {
            last = query(*batched.sql, *batched.params);
        }
        if (ends_transaction) {
            commit();
        }
    } catch (...) {
        if (ends_transaction && in_transaction()) {
            try {
                rollback();
            } catch (...) {
                // The statement's error says more than the rollback's would.
            }
        }
        throw;
    }
    return last;
}

void Connection::begin_migration_script() {}

void Connection::check_migration_script() {}

void Connection::end_migration_script() noexcept {}

}  // namespace deckhand::db
