// SqliteConnection: db::Connection over one sqlite3 handle, with a cache of prepared
// statements, a flock-based migration lock, statement timeouts and cross-thread cancel.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/database_url.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/db/driver.hpp"
#include "foreign_key_check.hpp"
#include "lock_file.hpp"
#include "statement_cache.hpp"
#include "url.hpp"

namespace deckhand::sqlite {

struct DatabaseCloser {
    void operator()(sqlite3* database) const noexcept { sqlite3_close_v2(database); }
};
using DatabasePtr = std::unique_ptr<sqlite3, DatabaseCloser>;

class SqliteConnection final : public db::Connection {
  public:
    SqliteConnection(const DatabaseUrl& url, const db::ConnectOptions& options);
    SqliteConnection(const Location& location, const db::ConnectOptions& options);
    ~SqliteConnection() override;

    std::string dialect() const override { return "sqlite"; }
    db::Capabilities capabilities() const override;
    std::string server_version() override;
    std::string current_user() override;

    void execute_script(const std::string& sql) override;
    db::ResultSet query(const std::string& sql, const std::vector<db::Value>& params) override;
    db::ResultSet query_typed(const std::string& sql, const std::vector<db::Value>& params,
                              std::vector<db::ColumnType>& types) override;
    std::int64_t query_each(const std::string& sql, const std::vector<db::Value>& params,
                            const db::RowVisitor& visit) override;

    void begin() override;
    void commit() override;
    void rollback() override;
    bool in_transaction() const override;

    bool try_lock_migrations() override;
    void unlock_migrations() override;
    std::string describe_lock_holder() override;

    void set_statement_timeout(std::chrono::milliseconds timeout) override;
    void set_lock_timeout(std::chrono::milliseconds timeout) override;

    void cancel() noexcept override;

    // Foreign keys are not enforced while a migration script runs, and checked before it
    // commits (see db::Connection::begin_migration_script).
    void begin_migration_script() override;
    void check_migration_script() override;
    void end_migration_script() noexcept override;

  private:
    // Runs `attempt` (one try of a statement) again when it meets SQLITE_SCHEMA outside a
    // transaction before any row was handed out (`rows_seen` says).
    template <typename Attempt>
    auto retrying_schema_changes(const Attempt& attempt, const bool& rows_seen);
    // One attempt of a statement: prepare (or reuse), bind, step to the end, calling `on_row`
    // with the statement on each row; returns the rows it changed. `columns`, if given,
    // receives the column names.
    std::int64_t step_all(const std::string& sql, const std::vector<db::Value>& params,
                          std::vector<std::string>* columns,
                          const std::function<void(sqlite3_stmt*, int columns)>& on_row);
    using Clock = std::chrono::steady_clock;

    static int on_progress(void* self) noexcept;
    static int on_busy(void* self, int attempt) noexcept;

    // Called at the start of each public call that runs SQL: a cancel() that arrived while
    // nothing ran must not stop the next call.
    void start_call() noexcept { cancel_requested_.store(false); }
    // Called before each statement: starts its statement timeout.
    void start_statement() noexcept;

    // The cached statement for `sql`, preparing (and checking it is one statement) on a miss.
    sqlite3_stmt* prepared(const std::string& sql);
    void bind(sqlite3_stmt* statement, const std::vector<db::Value>& params,
              std::size_t offset) const;
    // Runs a fixed control statement (BEGIN, COMMIT, ...) through the cache.
    void run_control(const std::string& sql);

    // The DatabaseError for result code `code`, explaining timeouts and cancellation.
    db::DatabaseError error(int code, std::optional<std::size_t> offset) const;

    std::string display_name_;  // the path or ":memory:", for messages
    bool in_memory_;
    bool read_only_;  // opened with db::OpenMode::read_only (SQLITE_OPEN_READONLY)
    DatabasePtr database_;
    // Guards database_ against cancel() from another thread while the connection closes.
    mutable std::mutex handle_mutex_;
    StatementCache statements_{64};
    std::optional<LockFile> lock_;  // none for :memory:, which no other process can see

    std::chrono::milliseconds statement_timeout_{0};
    std::chrono::milliseconds lock_timeout_{std::chrono::seconds(60)};

    // Set by cancel() from any thread; read by the progress and busy handlers.
    std::atomic<bool> cancel_requested_{false};
    // Owned by the thread running SQL (the handlers run on it too).
    Clock::time_point statement_deadline_ = Clock::time_point::max();
    Clock::time_point busy_since_{};
    bool statement_timed_out_ = false;
    bool lock_timed_out_ = false;

    DatabaseState database_state();

    // While a migration script runs: whether foreign keys were enforced before it (put back
    // when it ends), and the state it started in.
    std::optional<bool> foreign_keys_before_script_;
    DatabaseState script_start_;
    // The rows that broke a foreign key before the script (not its doing), kept from script to
    // script while nothing else writes; and what the check found, which becomes that once the
    // script's work is committed (`checked_committed_`) or took effect statement by statement.
    std::optional<KnownViolations> known_violations_;
    std::optional<KnownViolations> checked_violations_;
    bool checked_in_transaction_ = false;
    bool checked_committed_ = false;
};

}  // namespace deckhand::sqlite
