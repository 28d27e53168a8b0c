// Holds the migration lock for a scope: polls try_lock_migrations() outside any transaction,
// so a waiting process holds no transaction or snapshot, logs who holds it while waiting,
// and releases it on destruction.
#pragma once

#include <chrono>

#include "deckhand/cancellation.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/export.hpp"

namespace spdlog {
class logger;
}

namespace deckhand::db {

class DECKHAND_API MigrationLock {
  public:
    // Throws TimedOut after `timeout`, Cancelled when cancellation arrives while waiting.
    MigrationLock(Connection& connection, std::chrono::milliseconds timeout,
                  const Cancellation& cancellation, spdlog::logger& log);
    ~MigrationLock();
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;

  private:
    Connection& connection_;
};

}  // namespace deckhand::db
