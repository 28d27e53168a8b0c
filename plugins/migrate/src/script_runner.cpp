// Applying one script: transactions, statement-by-statement runs, and errors that name the line.
#include "script_runner.hpp"

#include <optional>

#include "deckhand/db/errors.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/script/line_index.hpp"
#include "deckhand/script/run_statement.hpp"
#include "deckhand/script/splitter.hpp"

namespace deckhand::migrate::detail {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

milliseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

// A statement of a script failed: the driver's error, whose offset, if any, points into the
// substituted text, and which script it was (the migration or one of its callbacks).
struct StatementFailure {
    db::DatabaseError error;
    PreparedScript script;
};

[[noreturn]] void fail(const StatementFailure& failure, const std::string& outcome) {
    const script::Migration& migration = *failure.script.migration;
    std::string where = migration.display_path;
    if (const auto offset = failure.error.offset()) {
        where += ":" + std::to_string(script::line_at(migration.text,
                                                      failure.script.sql->source_offset(*offset)));
    }
    throw WorkFailed(where + ": " + failure.error.what() + " (" + outcome + ")");
}

// The driver's steps around one script (db::Connection::begin_migration_script): begun by the
// constructor, ended by the destructor, whatever happens, after the commit or the rollback
// that the scope's own code does.
class ScriptSession {
  public:
    explicit ScriptSession(db::Connection& connection) : connection_(connection) {
        connection_.begin_migration_script();
    }
    ~ScriptSession() { connection_.end_migration_script(); }
    ScriptSession(const ScriptSession&) = delete;
    ScriptSession& operator=(const ScriptSession&) = delete;

  private:
    db::Connection& connection_;
};

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
    HistoryRow row = history_row_for(
        migration, migration.kind == script::ScriptKind::baseline ? type_sql_baseline : type_sql,
        installed_by_);
    row.installed_rank = rank;
    row.execution_time_ms = elapsed.count();
    row.success = success;
    return row;
}

void ScriptRunner::record(const HistoryRow& row, db::AfterBatch after) {
    // One round trip: sent one by one, the restore, the row and the commit cost each script two
    // more (the restore alone was a tenth of migrate's time on PostgreSQL, bench/RESULTS.md).
    const HistoryInsert insert = history_.insert_statement(row);
    std::vector<db::BatchQuery> batch;
    if (const auto restore = session_.restore_query()) {
        batch.push_back(*restore);
    }
    batch.push_back(insert.query());
    connection_.query_batch(batch, after);
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

milliseconds ScriptRunner::apply(const script::Migration& migration,
                                 const script::SubstitutedText& sql, std::int64_t rank,
                                 const EachCallbacks& each) {
    cancellation_.throw_if_requested();
    return migration.transactional ? apply_in_transaction(migration, sql, rank, each)
                                   : apply_statement_by_statement(migration, sql, rank, each);
}

void ScriptRunner::execute_in_transaction(const PreparedScript& script) {
    const std::string& text = script.sql->text;
    if (whole_scripts_) {
        try {
            connection_.execute_script(text);
        } catch (const db::DatabaseError& error) {
            throw StatementFailure{error, script};
        }
        return;
    }
    std::size_t done = 0;
    execute_one_by_one(script, script::split_statements(text, dialect_), done);
}

void ScriptRunner::execute_one_by_one(const PreparedScript& script,
                                      const std::vector<script::Statement>& statements,
                                      std::size_t& done) {
    for (const auto& statement : statements) {
        cancellation_.throw_if_requested();
        try {
            script::run_statement(connection_, script.sql->text, statement, dialect_);
        } catch (const db::DatabaseError& error) {
            throw StatementFailure{error, script};
        }
        ++done;
    }
}

void ScriptRunner::run_callback(const PreparedScript& callback) {
    cancellation_.throw_if_requested();
    const script::Migration& migration = *callback.migration;
    if (!migration.transactional) {
        std::size_t done = 0;
        const auto statements = script::split_statements(callback.sql->text, dialect_);
        try {
            execute_one_by_one(callback, statements, done);
        } catch (const StatementFailure& failure) {
            rollback_quietly();
            cancellation_.throw_if_requested();
            fail(failure, "the callback runs outside a transaction; " + std::to_string(done) +
                              " of " + std::to_string(statements.size()) +
                              " statements took effect");
        }
        return;
    }
    try {
        connection_.begin();
        execute_in_transaction(callback);
        connection_.commit();
    } catch (const StatementFailure& failure) {
        rollback_quietly();
        cancellation_.throw_if_requested();
        fail(failure, "the callback was rolled back");
    } catch (const db::DatabaseError& error) {  // begin or commit
        rollback_quietly();
        cancellation_.throw_if_requested();
        throw WorkFailed(migration.display_path + ": " + error.what() +
                         " (the callback was rolled back)");
    } catch (...) {
        rollback_quietly();
        throw;
    }
}

milliseconds ScriptRunner::apply_in_transaction(const script::Migration& migration,
                                                const script::SubstitutedText& sql,
                                                std::int64_t rank, const EachCallbacks& each) {
    static const std::string outcome = "the script was rolled back and no later migration ran";
    std::optional<ScriptSession> session;
    try {
        session.emplace(connection_);
        connection_.begin();
    } catch (const db::DatabaseError& error) {
        cancellation_.throw_if_requested();
        throw WorkFailed(migration.display_path +
                         ": cannot start its transaction: " + error.what());
    }
    const auto start = Clock::now();
    try {
        for (const auto& callback : each.before) {
            execute_in_transaction(callback);
        }
        execute_in_transaction({&migration, &sql});
        for (const auto& callback : each.after) {
            execute_in_transaction(callback);
        }
        const auto elapsed = since(start);
        if (!connection_.in_transaction()) {
            // The script ended deckhand's transaction itself (a procedure that commits, say):
            // what it did so far is committed and cannot be rolled back.
            try {
                record(row_for(migration, rank, elapsed, false), db::AfterBatch::nothing);
            } catch (...) {
                // The error below still names the script.
            }
            throw WorkFailed(migration.display_path +
                             ": the script ended the transaction deckhand ran it in, so its work "
                             "cannot be rolled "
                             "back; it is recorded as failed until `deckhand repair`");
        }
        connection_.check_migration_script();
        record(row_for(migration, rank, elapsed, true), db::AfterBatch::commit);
        return elapsed;
    } catch (const StatementFailure& failure) {
        rollback_quietly();
        cancellation_.throw_if_requested();
        fail(failure, failure.script.migration == &migration
                          ? outcome
                          : "a callback of " + migration.script + "; " + outcome);
    } catch (const db::DatabaseError& error) {  // the check, the history row or the commit
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
                                                        std::int64_t rank,
                                                        const EachCallbacks& each) {
    for (const auto& callback : each.before) {
        run_callback(callback);
    }
    const auto statements = script::split_statements(sql.text, dialect_);
    const auto start = Clock::now();
    std::size_t done = 0;
    // The driver's session for the script (SQLite: foreign keys unenforced) ends before the
    // history row is written, whatever happens.
    std::optional<ScriptSession> session;
    // Statements that took effect cannot be undone: record the script as failed, so that
    // status names it and migrate refuses to go on until someone has looked (and run repair).
    auto record_failure = [&] {
        if (done == 0) {
            return;
        }
        try {
            record(row_for(migration, rank, since(start), false), db::AfterBatch::nothing);
        } catch (...) {
            // Nothing more can be done here; the error below still names the script.
        }
    };
    // A signal cannot roll back what took effect: say which statements did, not "rolled back".
    auto throw_if_cancelled = [&](std::optional<std::size_t> stopped_line) {
        if (!cancellation_.requested()) {
            return;
        }
        std::string outcome =
            migration.display_path + " runs outside a transaction, and " +
            (done == 0 ? std::string("none of its statements took effect")
                       : std::to_string(done) + " of its " + std::to_string(statements.size()) +
                             " statements (line " + std::to_string(statements.front().line) +
                             (done == 1 ? std::string()
                                        : " to line " + std::to_string(statements[done - 1].line)) +
                             ") took effect, so it is recorded as failed until `deckhand repair` "
                             "(after a look at what they did)");
        if (stopped_line) {
            outcome += "; the statement at line " + std::to_string(*stopped_line) + " was stopped";
        }
        throw Cancelled(cancellation_.signal_number(), outcome);
    };
    try {
        session.emplace(connection_);
        execute_one_by_one({&migration, &sql}, statements, done);
        connection_.check_migration_script();
        session.reset();
    } catch (const StatementFailure& failure) {
        rollback_quietly();  // a transaction the script opened itself
        session.reset();
        record_failure();
        throw_if_cancelled(done < statements.size() ? std::optional(statements[done].line)
                                                    : std::nullopt);
        fail(failure,
             done == 0
                 ? std::string("it runs outside a transaction; none of its statements took effect")
                 : "it runs outside a transaction; " + std::to_string(done) + " of " +
                       std::to_string(statements.size()) +
                       " statements took effect, and it is recorded as failed until `deckhand "
                       "repair`");
    } catch (const db::DatabaseError& error) {  // the driver's steps around the script
        rollback_quietly();
        session.reset();
        record_failure();
        throw_if_cancelled(std::nullopt);
        throw WorkFailed(migration.display_path + ": " + error.what() +
                         (done == 0 ? std::string(" (it runs outside a transaction; none of its "
                                                  "statements ran)")
                                    : " (it runs outside a transaction; its statements took "
                                      "effect, and it is recorded as failed until `deckhand "
                                      "repair`)"));
    } catch (const Cancelled&) {
        rollback_quietly();
        session.reset();
        record_failure();
        throw_if_cancelled(std::nullopt);
        throw;
    }
    const auto elapsed = since(start);
    try {
        record(row_for(migration, rank, elapsed, true), db::AfterBatch::nothing);
    } catch (const db::DatabaseError& error) {
        cancellation_.throw_if_requested();
        throw WorkFailed(
            migration.display_path +
            ": its statements ran, but its history row could not be written: " + error.what());
    }
    for (const auto& callback : each.after) {
        run_callback(callback);
    }
    return elapsed;
}

}  // namespace deckhand::migrate::detail
