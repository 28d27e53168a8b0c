// Opening test databases through the driver library, and the statement-start signal.
#include "sqlite_test_support.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <stdexcept>

#include "deckhand/sqlite/sqlite_connection.hpp"

namespace deckhand::test {
namespace {

// SQLite's auto-extension hook takes no user data, so the live signal is reached through
// this one pointer; tests create one signal at a time.
StatementStartSignal* current_signal = nullptr;

void started_function(sqlite3_context* context, int, sqlite3_value**) {
    if (current_signal != nullptr) current_signal->notify();
    sqlite3_result_int(context, 1);
}

int register_started_function(sqlite3* database, const char**, const sqlite3_api_routines*) {
    return sqlite3_create_function(database, "deckhand_test_started", 0, SQLITE_UTF8, nullptr,
                                   &started_function, nullptr, nullptr);
}

// sqlite3_auto_extension takes its entry point as void(*)(void).
auto auto_extension_entry() {
    return reinterpret_cast<void (*)()>(&register_started_function);
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

StatementStartSignal::StatementStartSignal() {
    current_signal = this;
    sqlite3_auto_extension(auto_extension_entry());
}

StatementStartSignal::~StatementStartSignal() {
    sqlite3_cancel_auto_extension(auto_extension_entry());
    current_signal = nullptr;
}

void StatementStartSignal::notify() {
    {
        std::lock_guard guard(mutex_);
        signalled_ = true;
    }
    started_.notify_all();
}

bool StatementStartSignal::wait_for(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return started_.wait_for(lock, timeout, [this] { return signalled_; });
}

}  // namespace deckhand::test
