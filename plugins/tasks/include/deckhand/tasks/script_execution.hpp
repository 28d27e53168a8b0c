// Running SQL files inside one transaction, shared by tasks, `deckhand sql` and seeds: the
// transaction as a scope, statements with bound parameters, whole scripts, and errors that
// name the file and line of the statement the database refused.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/cancellation.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/script/named_parameters.hpp"
#include "deckhand/script/placeholders.hpp"

namespace deckhand::tasks {

// A transaction for a scope: begun by the constructor, rolled back by the destructor unless
// committed (quietly: a broken connection is rolled back by the server when the session ends).
class Transaction {
  public:
    explicit Transaction(db::Connection& connection);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();
    void rollback() noexcept;
    bool open() const noexcept { return open_; }

  private:
    db::Connection& connection_;
    bool open_ = false;
};

// A statement of the script ended deckhand's transaction although no statement that controls
// transactions was found before running it (bind_statements refuses those): the message says
// what is true then, that the changes before it may be committed. Callers that add what
// happened to the script (seeds) must not add "rolled back".
class TransactionEnded : public WorkFailed {
  public:
    using WorkFailed::WorkFailed;
};

// Throws TransactionEnded "<display_path>:<line>: ..." when `connection` is no longer in a
// transaction after the statement on `line` succeeded.
void check_still_in_transaction(const db::Connection& connection, std::string_view display_path,
                                std::size_t line);

// A statement ready to run: $1, $2 ... in the SQL and their values.
struct BoundStatement {
    std::string sql;
    std::vector<db::Value> params;
    std::vector<std::string> names;  // names[i] is bound as $(i+1), for error messages
    std::size_t line = 1;            // where it starts in the file
    // COPY ... FROM STDIN: the data that follows it in the file, and the line it starts on.
    std::optional<std::string> copy_data;
    std::size_t copy_data_line = 0;
};

// The value of a :name; throws ConfigError naming the place when there is none.
using ParameterLookup = std::function<db::Value(const script::NamedParameterUse& use)>;

// What a script that deckhand runs in a transaction of its own is told to do about a COMMIT,
// BEGIN or ROLLBACK in it (script::refuse_transaction_control's remedy).
inline constexpr std::string_view remove_transaction_control =
    "remove it: the whole script is committed at its end, or none of it is";

// Splits `text` (the file `display_path`) into statements for `dialect` and numbers each one's
// :names, looking their values up (with no lookup, the text is left as it is). Runs nothing.
// A statement that starts or ends a transaction throws ConfigError naming its line: the script
// runs in deckhand's transaction, which only deckhand ends.
//
// PostgreSQL receives the values untyped and infers each parameter's type from where it is
// used; where nothing says (`:x IS NULL` alone), the task says it: CAST(:x AS TEXT), which
// SQLite understands too.
std::vector<BoundStatement> bind_statements(std::string_view text, script::SqlDialect dialect,
                                            std::string_view display_path,
                                            const ParameterLookup* lookup);

struct StatementResult {
    std::size_t line = 1;
    db::ResultSet result;
    std::vector<db::ColumnType> types;  // one per column of result, as the driver knows them
};

struct RunResult {
    std::vector<StatementResult> statements;
    std::int64_t affected_rows = 0;  // over every statement
    bool committed = false;          // false when rolled back (dry run)
    std::chrono::milliseconds elapsed{0};
};

// Runs the statements through Connection::query (a COPY ... FROM STDIN through copy_from_stdin,
// with its data) in one transaction, then commits, or rolls back when `dry_run`. A refused
// statement rolls everything back and throws WorkFailed
// "<display_path>:<line>: <server message> (...rolled back...)"; a signal throws Cancelled
// after the rollback.
RunResult run_in_transaction(db::Connection& connection,
                             const std::vector<BoundStatement>& statements,
                             std::string_view display_path, bool dry_run,
                             const Cancellation& cancellation);

// Runs a script without parameters in the connection's open transaction: whole on SQLite
// (which reports where in a script an error is), statement by statement elsewhere (so that
// every server error has a statement, hence a line). `sql` is the script after placeholders,
// `original` the file's text. Throws WorkFailed "<display_path>:<line>: <server message>";
// the caller rolls back.
void execute_script_text(db::Connection& connection, const script::SubstitutedText& sql,
                         std::string_view original, std::string_view display_path,
                         const Cancellation& cancellation);

}  // namespace deckhand::tasks
