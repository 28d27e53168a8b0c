// Waivers: `-- deckhand:allow <rule> <reason>` before a script's first statement waives the rule
// for the whole script; anywhere else, for the statement it sits in or just above (or at the end
// of). A waiver without a reason, or naming no known rule, is itself a finding.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "deckhand/lint/linter.hpp"
#include "deckhand/script/sql_lexer.hpp"

namespace deckhand::lint {

class Waivers {
  public:
    // Reads the script's waivers; adds a finding to `problems` for each one that is malformed.
    Waivers(const Script& script, script::SqlDialect dialect, std::vector<Finding>& problems);

    // True when a waiver covers a finding of `rule` at `line`.
    bool covers(const std::string& rule, std::size_t line) const;

  private:
    // The index of the statement that owns `line`: the first whose last line is at or after it.
    std::size_t statement_of(std::size_t line) const;

    struct Waiver {
        std::string rule;
        std::size_t statement;  // npos: the whole script
    };
    std::vector<std::size_t> last_lines_;  // of each statement, in order
    std::vector<Waiver> waivers_;
};

}  // namespace deckhand::lint
