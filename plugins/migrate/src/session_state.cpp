// Recording and restoring the PostgreSQL session settings that scripts may change.
#include "deckhand/migrate/session_state.hpp"

namespace deckhand::migrate {
namespace {

// The settings, in the order they are put back. The session user first: changing it also
// drops any SET ROLE, so the role is set after it (the nesting makes the order certain).
const std::string capture_postgres =
    "SELECT current_setting('session_authorization'), current_setting('role'), "
    "current_setting('search_path'), current_setting('statement_timeout'), "
    "current_setting('lock_timeout'), current_setting('default_transaction_read_only')";

const std::string restore_postgres =
    "SELECT set_config('role', CASE WHEN set_config('session_authorization', $1, false) IS NULL "
    "THEN NULL ELSE $2 END, false), set_config('search_path', $3, false), "
    "set_config('statement_timeout', $4, false), set_config('lock_timeout', $5, false), "
    "set_config('default_transaction_read_only', $6, false)";

}  // namespace

SessionState SessionState::capture(db::Connection& connection) {
    SessionState state;
    if (connection.dialect() != "postgres") {
        return state;
    }
    auto result = connection.query(capture_postgres);
    for (const auto& field : result.rows.at(0)) {
        state.params_.emplace_back(field.value_or(""));
    }
    return state;
}

void SessionState::restore(db::Connection& connection) const {
    if (params_.empty()) {
        return;
    }
    connection.query(restore_postgres, params_);
}

std::optional<db::BatchQuery> SessionState::restore_query() const {
    if (params_.empty()) {
        return std::nullopt;
    }
    return db::BatchQuery{&restore_postgres, &params_};
}

}  // namespace deckhand::migrate
