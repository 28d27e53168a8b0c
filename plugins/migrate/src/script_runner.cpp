// Applying one script: transactions, statement-by-statement runs, and errors that name the line.
#include "script_runner.hpp"

#include <optional>

#include "deckhand/db/errors.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/script/line_index.hpp"
#include "deckhand/script/splitter.hpp"

namespace deckhand::migrate::detail {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

milliseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

// A statement of the script failed: the driver's error and where the statement starts.
struct StatementFailure {
    db::DatabaseError error;
    std::optional<std::size_t>
        statement_offset;  // in the substituted text; none for a whole script
};

[[noreturn]] void fail(const script::Migration& migration, const script::SubstitutedText& sql,
                       const StatementFailure& failure, const std::string& outcome) {
    std::optional<std::size_t> offset = failure.statement_offset;
    if (auto within = failure.error.offset()) {
        offset = failure.statement_offset.value_or(0) + *within;
    }
    std::string where = migration.display_path;
    if (offset) {
        where += ":" + std::to_string(script::line_at(migration.text, sql.source_offset(*offset)));
    }
    throw WorkFailed(where + ": " + failure.error.what() + " (" + outcome + ")");
}

}  // namespace

ScriptRunner::ScriptRunner(db::Connection& connection, History& history,
                           const Cancellation& cancellation, std::string installed_by,
                           SessionState session)
    : connection_(connection),
      history_(history),
      cancellation_(cancellation),
      installed_by_(std::move(installed_by)),
      session_(std::move(session)),
      dialect_(script::sql_dialect(connection.dialect())),
      whole_scripts_(dialect_ == script::SqlDialect::sqlite) {}

HistoryRow ScriptRunner::row_for(const script::Migration& migration, std::int64_t rank,
                                 milliseconds elapsed, bool success) const {
    HistoryRow row = history_row_for(migration, type_sql, installed_by_);
    row.installed_rank = rank;
    row.execution_time_ms = elapsed.count();
    row.success = success;
    return row;
}

void ScriptRunner::rollback_quietly() noexcept {
    try {
        if (connection_.in_transaction()) {
            connection_.rollback();
        }
    } catch (...) {
        // The connection is broken; the server rolls back when the session ends.
    }
}

void ScriptRunner::record(const HistoryRow& row) {
    session_.restore(connection_);
    history_.insert(row);
}

milliseconds ScriptRunner::apply(const script::Migration& migration,
                                 const script::SubstitutedText& sql, std::int64_t rank) {
    cancellation_.throw_if_requested();
    return migration.transactional ? apply_in_transaction(migration, sql, rank)
                                   : apply_statement_by_statement(migration, sql, rank);
}

milliseconds ScriptRunner::apply_in_transaction(const script::Migration& migration,
                                                const script::SubstitutedText& sql,
                                                std::int64_t rank) {
    static const std::string outcome = "the script was rolled back and no later migration ran";
    try {
        connection_.begin();
    } catch (const db::DatabaseError& error) {
        cancellation_.throw_if_requested();
        throw WorkFailed(migration.display_path +
                         ": cannot start its transaction: " + error.what());
    }
    const auto start = Clock::now();
    try {
        if (whole_scripts_) {
            try {
                connection_.execute_script(sql.text);
            } catch (const db::DatabaseError& error) {
                throw StatementFailure{error, std::nullopt};
            }
        } else {
            for (const auto& statement : script::split_statements(sql.text, dialect_)) {
                cancellation_.throw_if_requested();
                try {
                    connection_.execute_script(std::string(statement.text));
                } catch (const db::DatabaseError& error) {
                    throw StatementFailure{error, statement.offset};
                }
            }
        }
        const auto elapsed = since(start);
        if (!connection_.in_transaction()) {
            // The script ended deckhand's transaction itself (a procedure that commits, say):
            // what it did so far is committed and cannot be rolled back.
            try {
                record(row_for(migration, rank, elapsed, false));
            } catch (...) {
                // The error below still names the script.
            }
            throw WorkFailed(migration.display_path +
                             ": the script ended the transaction deckhand ran it in, so its work "
                             "cannot be rolled "
                             "back; it is recorded as failed until `deckhand repair`");
        }
        record(row_for(migration, rank, elapsed, true));
        connection_.commit();
        return elapsed;
    } catch (const StatementFailure& failure) {
        rollback_quietly();
        cancellation_.throw_if_requested();
        fail(migration, sql, failure, outcome);
    } catch (const db::DatabaseError& error) {  // the history row or the commit
        rollback_quietly();
        cancellation_.throw_if_requested();
        throw WorkFailed(migration.display_path + ": " + error.what() + " (" + outcome + ")");
    } catch (...) {
        rollback_quietly();
        throw;
    }
}

milliseconds ScriptRunner::apply_statement_by_statement(const script::Migration& migration,
                                                        const script::SubstitutedText& sql,
                                                        std::int64_t rank) {
    const auto statements = script::split_statements(sql.text, dialect_);
    const auto start = Clock::now();
    std::size_t done = 0;
    // Statements that took effect cannot be undone: record the script as failed, so that
    // status names it and migrate refuses to go on until someone has looked (and run repair).
    auto record_failure = [&] {
        if (done == 0) {
            return;
        }
        try {
            record(row_for(migration, rank, since(start), false));
        } catch (...) {
            // Nothing more can be done here; the error below still names the script.
        }
    };
    try {
        for (const auto& statement : statements) {
            cancellation_.throw_if_requested();
            try {
                connection_.execute_script(std::string(statement.text));
            } catch (const db::DatabaseError& error) {
                throw StatementFailure{error, statement.offset};
            }
            ++done;
        }
    } catch (const StatementFailure& failure) {
        rollback_quietly();  // a transaction the script opened itself
        record_failure();
        cancellation_.throw_if_requested();
        fail(migration, sql, failure,
             done == 0
                 ? std::string("it runs outside a transaction; none of its statements took effect")
                 : "it runs outside a transaction; " + std::to_string(done) + " of " +
                       std::to_string(statements.size()) +
                       " statements took effect, and it is recorded as failed until `deckhand "
                       "repair`");
    } catch (const Cancelled&) {
        rollback_quietly();
        record_failure();
        throw;
    }
    const auto elapsed = since(start);
    try {
        record(row_for(migration, rank, elapsed, true));
    } catch (const db::DatabaseError& error) {
        cancellation_.throw_if_requested();
        throw WorkFailed(
            migration.display_path +
            ": its statements ran, but its history row could not be written: " + error.what());
    }
    return elapsed;
}

}  // namespace deckhand::migrate::detail
