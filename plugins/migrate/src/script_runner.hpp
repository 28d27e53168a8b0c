// Runs one migration script against the connection: in a transaction together with its history
// row (and the beforeEachMigrate / afterEachMigrate callbacks), or statement by statement for a
// script that runs outside a transaction, turning database errors into
// "<file>:<line>: <message>" and cancellations into Cancelled after the rollback. Also runs
// the callbacks that stand alone (beforeMigrate, afterMigrate, ...), which leave no history row.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "deckhand/cancellation.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/migrate/history.hpp"
#include "deckhand/migrate/session_state.hpp"
#include "deckhand/script/migration_set.hpp"
#include "deckhand/script/placeholders.hpp"
#include "deckhand/script/splitter.hpp"

namespace deckhand::migrate::detail {

// A script with its text after placeholders: what the runner is given.
struct PreparedScript {
    const script::Migration* migration = nullptr;
    const script::SubstitutedText* sql = nullptr;
};

// The callbacks that run around each script.
struct EachCallbacks {
    std::vector<PreparedScript> before;  // beforeEachMigrate
    std::vector<PreparedScript> after;   // afterEachMigrate
};

class ScriptRunner {
  public:
    // `session`: the state every script starts in, put back after each one.
    ScriptRunner(db::Connection& connection, History& history, const Cancellation& cancellation,
                 std::string installed_by, SessionState session);

    // Applies `migration` (its text already substituted) and writes its history row with
    // `rank`. Returns the time its statements took. Throws WorkFailed naming file and line, or
    // Cancelled; in both cases the database is as before (or, for a no-transaction script that
    // got part-way, a failed history row records that).
    // The callbacks in `each` run in the script's transaction; outside a transaction, each in
    // one of its own, the after ones once the script's history row is written.
    std::chrono::milliseconds apply(const script::Migration& migration,
                                    const script::SubstitutedText& sql, std::int64_t rank,
                                    const EachCallbacks& each = {});

    // Runs a callback on its own: in a transaction of its own unless it runs outside one. Throws
    // WorkFailed naming its file and line, or Cancelled.
    void run_callback(const PreparedScript& callback);

  private:
    std::chrono::milliseconds apply_in_transaction(const script::Migration& migration,
                                                   const script::SubstitutedText& sql,
                                                   std::int64_t rank, const EachCallbacks& each);
    std::chrono::milliseconds apply_statement_by_statement(const script::Migration& migration,
                                                           const script::SubstitutedText& sql,
                                                           std::int64_t rank,
                                                           const EachCallbacks& each);
    // Sends a script's statements inside the current transaction (whole on SQLite); throws
    // StatementFailure.
    void execute_in_transaction(const PreparedScript& script);
    // Sends `statements` one by one, counting in `done` those that took effect; throws
    // StatementFailure.
    void execute_one_by_one(const PreparedScript& script,
                            const std::vector<script::Statement>& statements, std::size_t& done);
    HistoryRow row_for(const script::Migration& migration, std::int64_t rank,
                       std::chrono::milliseconds elapsed, bool success) const;
    void rollback_quietly() noexcept;
    // Puts the session back as the run began (the script may have changed its role or
    // search_path), then writes the row, and with AfterBatch::commit commits the script's
    // transaction: all in one round trip where the driver can.
    void record(const HistoryRow& row, db::AfterBatch after);

    db::Connection& connection_;
    History& history_;
    const Cancellation& cancellation_;
    std::string installed_by_;
    SessionState session_;
    script::SqlDialect dialect_;
    // In a transaction, SQLite gets the script whole (it parses scripts itself and reports the
    // offset of every error); other servers get one statement at a time, as psql sends them,
    // so that every server error has a statement and hence a line.
    bool whole_scripts_;
};

}  // namespace deckhand::migrate::detail
