// Which statements a connection has prepared on the server. A statement is prepared the second
// time it runs (most run once: preparing them would cost a round trip for nothing), and the
// cache stops growing at a bound so that a long session with generated SQL stays small.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

namespace deckhand::postgres {

class StatementCache {
  public:
    struct Entry {
        std::string name;  // server-side name, empty until the statement is prepared
        unsigned uses = 0;
    };

    explicit StatementCache(std::size_t capacity = 256) : capacity_(capacity) {}

    // Records a run of `sql`. Returns the entry when the statement is (or should now be)
    // prepared, null when it should run unnamed.
    Entry* use(const std::string& sql);
    // A server-side name not used before on this connection.
    std::string new_name();
    // Drops `sql` (its server statement went stale or away); the next runs start over.
    void forget(const std::string& sql);
    // Drops every entry: the server dropped every prepared statement of the session (a script's
    // DEALLOCATE ALL or DISCARD ALL). Entries handed out before are invalid from here on, which
    // generation() tells a caller that holds one.
    void forget_all();
    unsigned long generation() const { return generation_; }

  private:
    std::unordered_map<std::string, Entry> entries_;
    std::size_t capacity_;
    unsigned long next_id_ = 1;
    unsigned long generation_ = 0;
};

}  // namespace deckhand::postgres
