// Helpers shared by the SQLite driver tests: opening database files, reading one value, and a
// signal from inside a running statement, so a test can act while SQL is known to be running.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "deckhand/database_url.hpp"
#include "deckhand/db/connection.hpp"

namespace deckhand::test {

// sqlite:///<absolute path>, parsed as the host parses it.
DatabaseUrl sqlite_url(const std::filesystem::path& file);
std::unique_ptr<db::Connection> open_database(const std::filesystem::path& file);
std::unique_ptr<db::Connection> open_memory_database();

// The first column of the first row; fails the test (and throws) when there is none or NULL.
std::string single_value(db::Connection& connection, const std::string& sql,
                         const std::vector<db::Value>& params = {});

// While alive, every SQLite connection opened in this process has the SQL function
// deckhand_test_started(), which returns 1 and wakes wait_for(). One at a time.
class StatementStartSignal {
  public:
    StatementStartSignal();
    ~StatementStartSignal();
    StatementStartSignal(const StatementStartSignal&) = delete;
    StatementStartSignal& operator=(const StatementStartSignal&) = delete;

    // True once deckhand_test_started() ran, false after `timeout` without it.
    bool wait_for(std::chrono::milliseconds timeout);
    void notify();

  private:
    std::mutex mutex_;
    std::condition_variable started_;
    bool signalled_ = false;
};

// Counts to a billion (minutes of work), calling deckhand_test_started() first.
inline constexpr const char* endless_query =
    "WITH RECURSIVE c(n) AS (SELECT deckhand_test_started() UNION ALL "
    "SELECT n + 1 FROM c WHERE n < 1000000000) SELECT count(*) FROM c";

}  // namespace deckhand::test
