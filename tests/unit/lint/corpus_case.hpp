// One case of the lint corpus, read from a data file:
//
//   -- expect: drop-column@3 prefer-text     (rules the new script must raise, @line optional;
//                                              "clean" for none), order free
//   -- postgres-version: 10                  (optional)
//   -- lock-timeout: off                     (optional: lint for a runner that sets none)
//   -- file: V1__users.sql                   (an earlier, released script: context only)
//   CREATE TABLE users (...);
//   -- file: new V2__change.sql              ("new": linted; post/... is the post phase)
//   ALTER TABLE users ...;
//
// The dialect is the folder the case sits in (corpus/postgres, corpus/sqlite). Lines are counted
// within each script, from its "-- file:" line (exclusive).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "deckhand/lint/linter.hpp"

namespace deckhand::lint::test {

struct Expected {
    std::string rule;
    std::size_t line = 0;  // 0: any line
};

struct CorpusCase {
    std::string name;
    Options options;
    std::vector<Script> scripts;
    std::vector<Expected> expected;
};

CorpusCase read_case(const std::filesystem::path& file);

}  // namespace deckhand::lint::test
