// PostgresConnection: db::Connection over one libpqxx session. Statements run through libpq on
// the session's handle, since libpqxx 6.4 drops the error fields (position, detail, hint) that
// callers need to name a file and line; no libpqxx transaction object is ever opened, so
// libpqxx's view of the connection stays consistent.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/db/connection.hpp"
#include "pq_session.hpp"
#include "statement_cache.hpp"

namespace deckhand::postgres {

struct ResultDeleter {
    void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresConnection : public db::Connection {
  public:
    // Takes a connected session; `redacted_url` names the database in errors.
    PostgresConnection(std::unique_ptr<PqSession> session, std::string redacted_url);
    ~PostgresConnection() override;

    std::string dialect() const override { return "postgres"; }
    db::Capabilities capabilities() const override;
    std::string server_version() override;
    std::string current_user() override;

    void execute_script(const std::string& sql) override;
    db::ResultSet query(const std::string& sql, const std::vector<db::Value>& params = {}) override;
    db::ResultSet query_typed(const std::string& sql, const std::vector<db::Value>& params,
                              std::vector<db::ColumnType>& types) override;
    std::int64_t query_each(const std::string& sql, const std::vector<db::Value>& params,
                            const db::RowVisitor& visit) override;
    db::ResultSet query_batch(const std::vector<db::BatchQuery>& queries,
                              db::AfterBatch after) override;

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

    void copy_from_stdin(const std::string& sql, std::string_view data) override;

  private:
    PGconn* handle() const { return session_->handle(); }
    // Waits for every result of the query just sent, answers COPY requests (a COPY ... FROM
    // STDIN with `copy_data` when given, else with a refusal), and returns the last result
    // (null if none) or throws the first error.
    ResultPtr collect(const std::string& sql, const std::string_view* copy_data = nullptr);
    // Empties the statement cache when `result` is the end of a statement that dropped the
    // session's prepared statements (DEALLOCATE, DISCARD ALL), so that none is run by a name
    // the server no longer knows.
    void forget_statements_dropped_by(const PGresult* result);
    // Sends COPY data and its end, unless the server ends the COPY first.
    void send_copy_data(std::string_view data);
    void send_or_throw(int sent);
    // Runs one statement, prepared if it repeats; the result as libpq holds it.
    ResultPtr run(const std::string& sql, const std::vector<db::Value>& params);
    ResultPtr run_unnamed(const std::string& sql, const std::vector<db::Value>& params);
    ResultPtr run_prepared(const std::string& sql, const std::vector<db::Value>& params,
                           StatementCache::Entry& entry);
    // Sends every statement of a batch (and a COMMIT after them, with `commit`) and one Sync in
    // pipeline mode (pipeline.cpp), then reads every answer; the last statement's result, or
    // throws the first error.
    ResultPtr run_pipelined(const std::vector<db::BatchQuery>& queries, bool commit);
    std::int64_t lock_key();
    // What commit() and a batch that ends with one say when no transaction is open.
    db::DatabaseError no_transaction_to_commit() const;

    std::unique_ptr<PqSession> session_;
    std::string redacted_url_;
    StatementCache statements_;
    std::optional<std::int64_t> lock_key_;
    bool lock_held_ = false;
    // client_connection_check_interval is still to be set on this session (see connection.cpp).
    bool check_interval_pending_ = false;

    // cancel() may run on any thread while a statement runs, or while the connection closes.
    // PQcancel opens a connection of its own and may block on it, so cancel() works on a copy
    // of this pointer outside the lock: closing never waits for a slow cancel request, and the
    // PGcancel (which does not refer to the PGconn) lives until the last request is done.
    std::mutex cancel_mutex_;
    std::shared_ptr<PGcancel> cancel_;
};

}  // namespace deckhand::postgres
