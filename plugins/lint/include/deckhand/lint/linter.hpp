// The linter's inputs and outputs: the scripts of one folder in the order they run (the earlier
// ones only give context: which tables exist and what they hold), the options that change what is
// safe, and the findings, each with the rule, why it is unsafe and the safe alternative.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "deckhand/lint/pg_parser.hpp"

namespace deckhand::lint {

enum class Dialect { postgres, sqlite };

struct Script {
    std::string path;           // as findings name it: "migrations/postgres/V9__x.sql"
    std::string text;           // the SQL as written
    bool post = false;          // in post/: the post-deployment (contract) phase
    bool transactional = true;  // false: runs statement by statement (-- deckhand:no-transaction)
    bool is_new = true;         // linted; false: an earlier, released script (context only)
};

// PostgreSQL's oldest release that the PostgreSQL project still supported when these rules were
// written; --postgres-version lowers or raises it.
inline constexpr int oldest_supported_postgres = 14;

struct Options {
    Dialect dialect = Dialect::postgres;
    int postgres_version = oldest_supported_postgres;
    // deckhand migrate sets lock_timeout (--ddl-lock-timeout, 10s by default) before each script,
    // so one is in force unless a script turns it off; false lints for a runner that sets none.
    bool lock_timeout_in_force = true;
};

struct Finding {
    std::string file;
    std::size_t line = 1;    // 1-based
    std::size_t column = 1;  // 1-based, in bytes
    std::string rule;        // a rule id from rules.hpp
    std::string message;     // what is wrong here and why it is unsafe
    std::string fix;         // the safe alternative
};

// Lints every new script of `scripts` (in the order they run) and returns the findings that no
// waiver covers, ordered by script, line and column. `parser` is needed for PostgreSQL only.
std::vector<Finding> lint(const std::vector<Script>& scripts, const Options& options,
                          const PgParser& parser);

}  // namespace deckhand::lint
