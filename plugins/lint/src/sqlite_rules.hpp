// The SQLite rules: every script is applied, in order, to an in-memory database, and the catalog
// (pragma table_info, foreign_key_list, index_list) read before and after each new script is
// compared, so that a table rebuild (create, copy, drop, rename) is judged by what it changed,
// not by its text.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "deckhand/lint/linter.hpp"
#include "raw_finding.hpp"

namespace deckhand::lint::sqlite {

class SqliteRules {
  public:
    SqliteRules();
    ~SqliteRules();
    SqliteRules(const SqliteRules&) = delete;
    SqliteRules& operator=(const SqliteRules&) = delete;

    // Applies the script; for a new one, adds what its changes break to `out`.
    void check(const Script& script, RawFindings& out);

  private:
    struct Database;
    std::unique_ptr<Database> database_;
    std::set<std::string> new_tables_;
};

}  // namespace deckhand::lint::sqlite
