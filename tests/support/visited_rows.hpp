// What db::Connection::query_each hands out, collected as query() would return it, so that
// the drivers' tests can compare the two.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "deckhand/db/connection.hpp"

namespace deckhand::test {

// Runs `sql` through query_each and copies every visited row; `affected`, if given, receives
// what query_each returned.
std::vector<db::Row> visited_rows(db::Connection& connection, const std::string& sql,
                                  const std::vector<db::Value>& params,
                                  std::int64_t* affected = nullptr);

}  // namespace deckhand::test
