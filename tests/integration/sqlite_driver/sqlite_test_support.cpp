// Opening test databases through the driver library, and the statement-start signal.
#include "sqlite_test_support.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <stdexcept>
#include <thread>

#include "deckhand/sqlite/sqlite_connection.hpp"

namespace deckhand::test {
namespace {

// SQLite's auto-extension hook takes no user data, so the live object is reached through
// this one pointer; tests create one at a time.
TestSqlFunctions* current_functions = nullptr;

void started_function(sqlite3_context* context, int, sqlite3_value**) {
    if (current_functions != nullptr) {
        current_functions->notify();
    }
    sqlite3_result_int(context, 1);
}

void sleep_function(sqlite3_context* context, int, sqlite3_value** arguments) {
    std::this_thread::sleep_for(std::chrono::milliseconds(sqlite3_value_int(arguments[0])));
    sqlite3_result_int(context, 1);
}

int register_test_functions(sqlite3* database, const char**, const sqlite3_api_routines*) {
    int code = sqlite3_create_function(database, "deckhand_test_started", 0, SQLITE_UTF8, nullptr,
                                       &started_function, nullptr, nullptr);
    if (code != SQLITE_OK) {
        return code;
    }
    return sqlite3_create_function(database, "deckhand_test_sleep", 1, SQLITE_UTF8, nullptr,
                                   &sleep_function, nullptr, nullptr);
}

// sqlite3_auto_extension takes its entry point as void(*)(void).
auto auto_extension_entry() {
    return reinterpret_cast<void (*)()>(&register_test_functions);
}

}  // namespace

DatabaseUrl sqlite_url(const std::filesystem::path& file) {
    return parse_database_url("sqlite://" + std::filesystem::absolute(file).string(), "the test");
}

std::unique_ptr<db::Connection> open_database(const std::filesystem::path& file) {
    return sqlite::open_sqlite(sqlite_url(file), db::ConnectOptions{});
}

std::unique_ptr<db::Connection> open_memory_database() {
    return sqlite::open_sqlite(parse_database_url("sqlite::memory:", "the test"),
                               db::ConnectOptions{});
}

std::string single_value(db::Connection& connection, const std::string& sql,
                         const std::vector<db::Value>& params) {
    auto result = connection.query(sql, params);
    if (result.rows.empty() || result.rows.front().empty() || !result.rows.front().front()) {
        ADD_FAILURE() << "no value from: " << sql;
        throw std::runtime_error("no value from: " + sql);
    }
    return *result.rows.front().front();
}

TestSqlFunctions::TestSqlFunctions() {
    current_functions = this;
    sqlite3_auto_extension(auto_extension_entry());
}

TestSqlFunctions::~TestSqlFunctions() {
    sqlite3_cancel_auto_extension(auto_extension_entry());
    current_functions = nullptr;
}

void TestSqlFunctions::notify() {
    {
        std::lock_guard guard(mutex_);
        signalled_ = true;
    }
    started_.notify_all();
}

bool TestSqlFunctions::wait_for_start(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return started_.wait_for(lock, timeout, [this] { return signalled_; });
}

std::string sleeping_query(int milliseconds) {
    return "WITH RECURSIVE c(n) AS (SELECT deckhand_test_sleep(" + std::to_string(milliseconds) +
           ") UNION ALL SELECT n + 1 FROM c WHERE n < 20000) SELECT count(*) FROM c";
}

}  // namespace deckhand::test
