// Running SQL files inside one transaction, for tasks and `deckhand sql`: statements with bound
// parameters, and errors that name the file and line of the statement the database refused.
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
#include "deckhand/script/script_transaction.hpp"

namespace deckhand::tasks {

// The transaction, its check and whole scripts are the SDK's (deckhand/script/
// script_transaction.hpp), shared with seeds.
using script::check_still_in_transaction;
using script::execute_script_text;
using script::Transaction;
using script::TransactionEnded;

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

}  // namespace deckhand::tasks
