// A script in deckhand's transaction, with errors located in the file.
#include "deckhand/script/script_transaction.hpp"

#include <optional>
#include <string>

#include "deckhand/db/errors.hpp"
#include "deckhand/script/line_index.hpp"
#include "deckhand/script/run_statement.hpp"
#include "deckhand/script/splitter.hpp"

namespace deckhand::script {

Transaction::Transaction(db::Connection& connection) : connection_(connection) {
    connection_.begin();
    open_ = true;
}

Transaction::~Transaction() {
    rollback();
}

void Transaction::commit() {
    open_ = false;  // a failed COMMIT leaves nothing to roll back
    connection_.commit();
}

void Transaction::rollback() noexcept {
    if (!open_) {
        return;
    }
    open_ = false;
    try {
        if (connection_.in_transaction()) {
            connection_.rollback();
        }
    } catch (...) {
        // The session is broken; the server rolls back when it ends.
    }
}

TransactionEnded::~TransactionEnded() = default;

void check_still_in_transaction(const db::Connection& connection, std::string_view display_path,
                                std::size_t line) {
    if (connection.in_transaction()) {
        return;
    }
    throw TransactionEnded(std::string(display_path) + ":" + std::to_string(line) +
                           ": this statement ended the transaction deckhand runs the script in, "
                           "so what the statements before it changed may be committed (even in a "
                           "dry run), and the statements after it did not run");
}

void execute_script_text(db::Connection& connection, const SubstitutedText& sql,
                         std::string_view original, std::string_view display_path,
                         const Cancellation& cancellation) {
    auto fail = [&](const db::DatabaseError& error, std::optional<std::size_t> statement_offset) {
        std::optional<std::size_t> offset = statement_offset;
        if (auto within = error.offset()) {
            offset = statement_offset.value_or(0) + *within;
        }
        std::string where(display_path);
        if (offset) {
            where += ":" + std::to_string(line_at(original, sql.source_offset(*offset)));
        }
        throw WorkFailed(where + ": " + error.what());
    };
    const auto dialect = sql_dialect(connection.dialect());
    if (dialect == SqlDialect::sqlite) {
        try {
            connection.execute_script(sql.text);
        } catch (const db::DatabaseError& error) {
            fail(error, std::nullopt);
        }
        // SQLite ran the script whole: which statement ended the transaction is not known.
        if (!connection.in_transaction()) {
            throw TransactionEnded(std::string(display_path) +
                                   ": a statement of the script ended the transaction deckhand "
                                   "runs it in, so what it changed may be committed");
        }
        return;
    }
    for (const auto& statement : split_statements(sql.text, dialect)) {
        cancellation.throw_if_requested();
        try {
            run_statement(connection, sql.text, statement, dialect);
        } catch (const db::DatabaseError& error) {
            fail(error, std::nullopt);  // its offset is in the script
        }
        check_still_in_transaction(connection, display_path,
                                   line_at(original, sql.source_offset(statement.offset)));
    }
}

}  // namespace deckhand::script
