// Runs one migration script against the connection: in a transaction together with its history
// row, or statement by statement for -- deckhand:no-transaction, turning database errors into
// "<file>:<line>: <message>" and cancellations into Cancelled after the rollback.
#pragma once

#include <chrono>
#include <string>

#include "deckhand/cancellation.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/migrate/history.hpp"
#include "deckhand/migrate/session_state.hpp"
#include "deckhand/script/migration_set.hpp"
#include "deckhand/script/placeholders.hpp"

namespace deckhand::migrate::detail {

class ScriptRunner {
  public:
    // `session`: the state every script starts in, put back after each one.
    ScriptRunner(db::Connection& connection, History& history, const Cancellation& cancellation,
                 std::string installed_by, SessionState session);

    // Applies `migration` (its text already substituted) and writes its history row with
    // `rank`. Returns the time its statements took. Throws WorkFailed naming file and line, or
    // Cancelled; in both cases the database is as before (or, for a no-transaction script that
    // got part-way, a failed history row records that).
    std::chrono::milliseconds apply(const script::Migration& migration,
                                    const script::SubstitutedText& sql, std::int64_t rank);

  private:
    std::chrono::milliseconds apply_in_transaction(const script::Migration& migration,
                                                   const script::SubstitutedText& sql,
                                                   std::int64_t rank);
    std::chrono::milliseconds apply_statement_by_statement(const script::Migration& migration,
                                                           const script::SubstitutedText& sql,
                                                           std::int64_t rank);
    HistoryRow row_for(const script::Migration& migration, std::int64_t rank,
                       std::chrono::milliseconds elapsed, bool success) const;
    void rollback_quietly() noexcept;
    // Puts the session back as the run began (the script may have changed its role or
    // search_path), then writes the row.
    void record(const HistoryRow& row);

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
