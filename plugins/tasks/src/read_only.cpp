// The statement each dialect makes a transaction read-only with, run first in it, and the
// rollback that ends every read-only run.
#include "deckhand/tasks/read_only.hpp"

#include "deckhand/errors.hpp"

namespace deckhand::tasks {

RunResult run_read_only(db::Connection& connection, const std::vector<BoundStatement>& statements,
                        std::string_view display_path, bool dry_run,
                        const Cancellation& cancellation) {
    const std::string dialect = connection.dialect();
    BoundStatement read_only;
    if (dialect == "postgres") {
        read_only.sql = "SET TRANSACTION READ ONLY";
    } else if (dialect == "sqlite") {
        read_only.sql = "PRAGMA query_only = ON";
    } else {
        throw ConfigError(
            "a read-only run needs a database deckhand can hold to reading (postgres or sqlite), "
            "not " +
            dialect);
    }
    std::vector<BoundStatement> guarded;
    guarded.reserve(statements.size() + 1);
    guarded.push_back(std::move(read_only));
    guarded.insert(guarded.end(), statements.begin(), statements.end());
    // Always rolled back: a transaction that only read has nothing to commit, and a script that
    // switched reading off again (SET TRANSACTION READ WRITE, PRAGMA query_only = OFF) keeps
    // nothing it wrote.
    RunResult result =
        run_in_transaction(connection, guarded, display_path, /*dry_run=*/true, cancellation);
    result.statements.erase(result.statements.begin());
    if (result.affected_rows > 0) {
        throw WorkFailed(std::string(display_path) + ": changed " +
                         std::to_string(result.affected_rows) +
                         " rows in a run that says it only reads, after turning read-only mode "
                         "off (the transaction was rolled back; nothing changed)");
    }
    result.committed = !dry_run;  // ending a transaction that only read: the same either way
    return result;
}

}  // namespace deckhand::tasks
