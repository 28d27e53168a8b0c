// Prepared statements kept by SQL text, so that a statement run in a loop (the migrate engine
// writes one history row per script) is compiled once. Least recently used ones are finalized
// when the cache is full, so ad-hoc queries cannot grow it without bound.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace deckhand::sqlite {

struct StatementFinalizer {
    void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

class StatementCache {
  public:
    // capacity: at least 1.
    explicit StatementCache(std::size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    // The statement prepared for `sql`, or nullptr; marks it most recently used.
    sqlite3_stmt* find(std::string_view sql);
    // Keeps `statement` for `sql`, finalizing the least recently used one when full.
    sqlite3_stmt* insert(std::string sql, StatementPtr statement);
    // Finalizes every statement (before the connection closes).
    void clear() noexcept;
    std::size_t size() const { return entries_.size(); }

  private:
    struct Entry {
        std::string sql;
        StatementPtr statement;
    };
    std::size_t capacity_;
    std::list<Entry> entries_;  // most recently used first; nodes never move in memory
    std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;  // views Entry::sql
};

}  // namespace deckhand::sqlite
