// Statements that the server refuses to run inside a transaction block (CREATE INDEX
// CONCURRENTLY, VACUUM, ALTER SYSTEM, ...), found when a folder is read, as Flyway finds them:
// a script made only of such statements then runs outside a transaction by itself, and one
// that mixes them with statements that belong in a transaction is refused before anything
// runs. Since plugin API 1.2.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "deckhand/export.hpp"
#include "deckhand/script/sql_lexer.hpp"

namespace deckhand::script {

struct NonTransactionalStatement {
    std::string_view what;     // how the server names it: "CREATE INDEX CONCURRENTLY"
    std::size_t line = 1;      // 1-based line where the statement starts
    std::size_t use_line = 0;  // ALTER TYPE ... ADD VALUE: the line that uses the new value
};

struct TransactionNeeds {
    std::optional<NonTransactionalStatement> non_transactional;  // the first such statement
    std::optional<std::size_t> transactional_line;  // the first statement that is not one

    bool mixed() const noexcept { return non_transactional && transactional_line; }
    bool none_may_run_in_one() const noexcept { return non_transactional && !transactional_line; }
};

// A cheap look at the raw text: false when none of the words that such statements need
// (CONCURRENTLY, VACUUM, SYSTEM, ... ADD VALUE) appears anywhere, comments and strings
// included. Lets the loader skip splitting nearly every script.
DECKHAND_API bool may_need_no_transaction(std::string_view sql, SqlDialect dialect) noexcept;

// Splits the script and classifies its statements. On PostgreSQL (and generic SQL): CREATE and
// DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY and REINDEX SCHEMA|DATABASE|SYSTEM, VACUUM,
// CLUSTER without a table, CREATE and DROP DATABASE, ALTER DATABASE ... SET TABLESPACE, ALTER
// SYSTEM, CREATE and DROP TABLESPACE, CREATE SUBSCRIPTION (unless it creates no slot), DROP
// SUBSCRIPTION, ALTER SUBSCRIPTION ... PUBLICATION (unless refresh = false), ALTER TABLE ...
// DETACH PARTITION ... CONCURRENTLY, DISCARD ALL, and ALTER TYPE ... ADD VALUE when a later
// statement uses the new value (PostgreSQL 12 and later allow ADD VALUE in a transaction, not
// the value's use before COMMIT). On SQLite: VACUUM and PRAGMA journal_mode.
DECKHAND_API TransactionNeeds transaction_needs(std::string_view sql, SqlDialect dialect);

}  // namespace deckhand::script
