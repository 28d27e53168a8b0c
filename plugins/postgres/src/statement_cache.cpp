// The prepared-statement bookkeeping of one connection.
#include "statement_cache.hpp"

namespace deckhand::postgres {

StatementCache::Entry* StatementCache::use(const std::string& sql) {
    auto found = entries_.find(sql);
    if (found == entries_.end()) {
        if (entries_.size() < capacity_) {
            entries_.emplace(sql, Entry{{}, 1});
        }
        return nullptr;
    }
    ++found->second.uses;
    return &found->second;
}

std::string StatementCache::new_name() {
    return "deckhand_" + std::to_string(next_id_++);
}

void StatementCache::forget(const std::string& sql) {
    entries_.erase(sql);
}

void StatementCache::forget_all() {
    entries_.clear();
    ++generation_;
}

}  // namespace deckhand::postgres
