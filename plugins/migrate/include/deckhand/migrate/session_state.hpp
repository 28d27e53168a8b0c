// The session state a script may change and deckhand must get back before it writes the
// script's history row and runs the next script: on PostgreSQL the role (SET ROLE, SET SESSION
// AUTHORIZATION), the search_path, deckhand's own statement_timeout and lock_timeout, and
// whether new transactions are read-only. A plain SET (or set_config(..., false)) inside a
// script's transaction outlives the commit, so each script would otherwise start in whatever
// state the one before it left, and the history insert would run as the script's role.
//
// RESET ALL is not the answer: it would also drop the timeouts deckhand set. The state is
// recorded once, after deckhand has set up the session, and put back with one statement, sent
// with the history row in one round trip where the driver can.
#pragma once

#include <optional>
#include <vector>

#include "deckhand/db/connection.hpp"

namespace deckhand::migrate {

class SessionState {
  public:
    // Records the session's state now (one query on PostgreSQL; nothing elsewhere: SQLite has
    // no roles or search_path).
    static SessionState capture(db::Connection& connection);

    // Puts the recorded state back (one statement; nothing where nothing was recorded). Inside
    // a transaction the change commits or rolls back with it.
    void restore(db::Connection& connection) const;
    // The same statement as one of a batch (db::Connection::query_batch), to send in the round
    // trip of what must run after it; nothing where nothing was recorded. Valid while this lives.
    std::optional<db::BatchQuery> restore_query() const;

  private:
    std::vector<db::Value> params_;  // the restore statement's parameters, in order
};

}  // namespace deckhand::migrate
