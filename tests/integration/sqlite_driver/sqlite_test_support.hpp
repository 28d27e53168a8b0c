// Helpers shared by the SQLite driver tests: opening database files, reading one value, and SQL
// functions that tell a test when a statement runs and make statements slow in wall-clock time
// (not CPU time, which varies with the load of a shared machine).
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

// While alive, every SQLite connection opened in this process has the SQL functions
// deckhand_test_started(), which returns 1 and wakes wait_for_start(), and
// deckhand_test_sleep(ms), which sleeps and returns 1. One object at a time.
class TestSqlFunctions {
  public:
    TestSqlFunctions();
    ~TestSqlFunctions();
    TestSqlFunctions(const TestSqlFunctions&) = delete;
    TestSqlFunctions& operator=(const TestSqlFunctions&) = delete;

    // True once deckhand_test_started() ran, false after `timeout` without it.
    bool wait_for_start(std::chrono::milliseconds timeout);
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

// Sleeps `milliseconds`, then counts to 20,000: enough virtual-machine steps after the sleep
// for the driver's progress handler to check the statement's deadline several times.
std::string sleeping_query(int milliseconds);

}  // namespace deckhand::test
