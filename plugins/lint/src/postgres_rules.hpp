// The PostgreSQL rules, over libpg_query's parse tree of each script in the order the scripts
// run. Earlier (released) scripts only teach the model which columns exist with which types;
// tables created by new scripts are new and free to change.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <set>
#include <string>

#include "deckhand/lint/linter.hpp"
#include "postgres_types.hpp"
#include "raw_finding.hpp"

namespace deckhand::lint::pg {

class PostgresRules {
  public:
    explicit PostgresRules(const Options& options) : options_(options) {}

    // `tree` is the script's parse tree ({"stmts": [...]}). Findings are added to `out` only for
    // a new script; every script updates the model.
    void check(const Script& script, const nlohmann::json& tree, RawFindings& out);

  private:
    struct Table {
        std::map<std::string, ColumnType> columns;
    };
    class Pass;

    const Options& options_;
    std::map<std::string, Table> tables_;
    std::set<std::string> new_tables_;
    std::set<std::string> new_indexes_;
    // CHECK (col IS NOT NULL) constraints by name -> "table.column", and those validated.
    std::map<std::string, std::string> not_null_checks_;
    std::set<std::string> validated_not_null_;
};

}  // namespace deckhand::lint::pg
