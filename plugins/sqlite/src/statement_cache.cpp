// The least-recently-used cache of prepared statements.
#include "statement_cache.hpp"

namespace deckhand::sqlite {

sqlite3_stmt* StatementCache::find(std::string_view sql) {
    auto found = index_.find(sql);
    if (found == index_.end()) {
        return nullptr;
    }
    entries_.splice(entries_.begin(), entries_, found->second);
    return found->second->statement.get();
}

sqlite3_stmt* StatementCache::insert(std::string sql, StatementPtr statement) {
    if (auto* existing = find(sql)) {
        return existing;
    }
    if (entries_.size() >= capacity_) {
        index_.erase(entries_.back().sql);
        entries_.pop_back();
    }
    entries_.push_front(Entry{std::move(sql), std::move(statement)});
    index_.emplace(entries_.front().sql, entries_.begin());
    return entries_.front().statement.get();
}

void StatementCache::clear() noexcept {
    index_.clear();
    entries_.clear();
}

}  // namespace deckhand::sqlite
