// Running a script inside deckhand's own transaction (since plugin API 1.4; before, the tasks
// plugin's): the transaction as a scope, the check that a statement did not end it, and a whole
// script with errors that name the file and line. Shared by tasks, `deckhand sql` and seeds.
#pragma once

#include <cstddef>
#include <string_view>

#include "deckhand/cancellation.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/export.hpp"
#include "deckhand/script/placeholders.hpp"

namespace deckhand::script {

// A transaction for a scope: begun by the constructor, rolled back by the destructor unless
// committed (quietly: a broken connection is rolled back by the server when the session ends).
class DECKHAND_API Transaction {
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
// transactions was found before running it: the message says what is true then, that the
// changes before it may be committed. Callers that add what happened to the script (seeds)
// must not add "rolled back".
class DECKHAND_API TransactionEnded : public WorkFailed {
  public:
    using WorkFailed::WorkFailed;
    ~TransactionEnded() override;
};

// Throws TransactionEnded "<display_path>:<line>: ..." when `connection` is no longer in a
// transaction after the statement on `line` succeeded.
DECKHAND_API void check_still_in_transaction(const db::Connection& connection,
                                             std::string_view display_path, std::size_t line);

// Runs a script without parameters in the connection's open transaction: whole on SQLite
// (which reports where in a script an error is), statement by statement elsewhere (so that
// every server error has a statement, hence a line). `sql` is the script after placeholders,
// `original` the file's text. Throws WorkFailed "<display_path>:<line>: <server message>";
// the caller rolls back.
DECKHAND_API void execute_script_text(db::Connection& connection, const SubstitutedText& sql,
                                      std::string_view original, std::string_view display_path,
                                      const Cancellation& cancellation);

}  // namespace deckhand::script
