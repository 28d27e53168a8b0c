// PostgresConnection: scripts over the simple query protocol, queries over the extended one
// (prepared once they repeat; batches in pipeline mode, see pipeline.cpp), transactions by SQL
// with libpq's view of the transaction state, the migration lock as a session-level advisory
// lock, and PQcancel for cancellation.
#include "connection.hpp"

#include <climits>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "deckhand/postgres/postgres_connection.hpp"
#include "errors.hpp"
#include "params.hpp"

namespace deckhand::postgres {
namespace {

constexpr const char* copy_from_stdin_refusal =
    "COPY ... FROM STDIN takes its data only from a script, on the lines after the statement, "
    "ended by a line \\.";

// How much COPY data goes into one CopyData message: libpq copies it into its output buffer,
// so larger pieces only cost memory.
constexpr std::size_t copy_chunk = std::size_t{256} * 1024;

// Rows written by the statement: INSERT, UPDATE, DELETE and MERGE report them in their
// command tag; everything else (SELECT included) wrote none.
std::int64_t affected_rows(const PGresult* result) {
    std::string_view tag = PQcmdStatus(const_cast<PGresult*>(result));
    std::string_view command = tag.substr(0, tag.find(' '));
    if (command != "INSERT" && command != "UPDATE" && command != "DELETE" && command != "MERGE") {
        return 0;
    }
    const char* count = PQcmdTuples(const_cast<PGresult*>(result));
    return count == nullptr || *count == '\0' ? 0 : std::strtoll(count, nullptr, 10);
}

// The type of a column from its type OID (pg_type.h): numbers, booleans and JSON documents;
// everything else (dates, text, numeric's NaN among them) is text.
db::ColumnType column_type(Oid type) {
    constexpr Oid bool_oid = 16;
    constexpr Oid int8_oid = 20;
    constexpr Oid int2_oid = 21;
    constexpr Oid int4_oid = 23;
    constexpr Oid oid_oid = 26;
    constexpr Oid json_oid = 114;
    constexpr Oid float4_oid = 700;
    constexpr Oid float8_oid = 701;
    constexpr Oid numeric_oid = 1700;
    constexpr Oid jsonb_oid = 3802;
    switch (type) {
        case bool_oid:
            return db::ColumnType::boolean;
        case int2_oid:
        case int4_oid:
        case int8_oid:
        case oid_oid:
            return db::ColumnType::integer;
        case float4_oid:
        case float8_oid:
        case numeric_oid:
            return db::ColumnType::real;
        case json_oid:
        case jsonb_oid:
            return db::ColumnType::json;
        default:
            return db::ColumnType::text;
    }
}

db::ResultSet to_result_set(const PGresult* result) {
    db::ResultSet set;
    if (result == nullptr) {
        return set;
    }
    if (PQresultStatus(result) == PGRES_TUPLES_OK) {
        const int columns = PQnfields(result);
        const int rows = PQntuples(result);
        set.columns.reserve(static_cast<std::size_t>(columns));
        for (int column = 0; column < columns; ++column) {
            set.columns.emplace_back(PQfname(result, column));
        }
        set.rows.reserve(static_cast<std::size_t>(rows));
        for (int row = 0; row < rows; ++row) {
            db::Row& out = set.rows.emplace_back();
            out.reserve(static_cast<std::size_t>(columns));
            for (int column = 0; column < columns; ++column) {
                if (PQgetisnull(result, row, column) != 0) {
                    out.emplace_back(std::nullopt);
                } else {
                    out.emplace_back(std::in_place, PQgetvalue(result, row, column),
                                     static_cast<std::size_t>(PQgetlength(result, row, column)));
                }
            }
        }
    }
    set.affected_rows = affected_rows(result);
    return set;
}

// client_connection_check_interval (PostgreSQL 14+): while a statement runs, the server looks
// every 5 s whether the client is still there, so that a runner killed with SIGKILL (an OOM kill,
// a Pod deleted with --force) stops its statement and frees the migration lock within seconds
// instead of when the statement ends. Set only where the server has it and nobody chose a value
// (in the URL's options, the role's or the server's settings); it rides along with the session's
// first lock attempt, and with each BEGIN until then, so that it costs no round trip of its own.
constexpr const char* check_interval_setting =
    "CASE WHEN current_setting('client_connection_check_interval', true) = '0' "
    "THEN set_config('client_connection_check_interval', '5s', false) END";
constexpr int check_interval_since = 140000;

int clamp_to_int_ms(std::chrono::milliseconds timeout) {
    if (timeout.count() <= 0) {
        return 0;
    }
    return timeout.count() > INT_MAX ? INT_MAX : static_cast<int>(timeout.count());
}

}  // namespace

PostgresConnection::PostgresConnection(std::unique_ptr<PqSession> session, std::string redacted_url)
    : session_(std::move(session)), redacted_url_(std::move(redacted_url)) {
    if (PGcancel* cancel = PQgetCancel(handle()); cancel != nullptr) {
        cancel_.reset(cancel, &PQfreeCancel);
    }
    check_interval_pending_ = PQserverVersion(handle()) >= check_interval_since;
}

PostgresConnection::~PostgresConnection() {
    // Closing the session frees the lock too, but only once the backend has noticed; unlocking
    // first hands it to a waiting process at once.
    if (lock_held_ && PQstatus(handle()) == CONNECTION_OK &&
        PQtransactionStatus(handle()) == PQTRANS_IDLE) {
        try {
            unlock_migrations();
        } catch (...) {
            // The session ends right below, and the lock with it.
        }
    }
    {
        std::lock_guard lock(cancel_mutex_);
        cancel_.reset();
    }
    session_.reset();
}

db::Capabilities PostgresConnection::capabilities() const {
    return db::Capabilities{
        .transactional_ddl = true, .advisory_locks = true, .concurrent_index = true};
}

std::string PostgresConnection::server_version() {
    const int version = PQserverVersion(handle());
    if (version == 0) {
        throw error_from_connection(handle());
    }
    return "PostgreSQL " + std::to_string(version / 10000) + "." + std::to_string(version % 10000);
}

std::string PostgresConnection::current_user() {
    db::ResultSet result = query("SELECT current_user");
    return result.rows.at(0).at(0).value_or("");
}

void PostgresConnection::send_or_throw(int sent) {
    if (sent == 0) {
        throw error_from_connection(handle());
    }
}

void PostgresConnection::send_copy_data(std::string_view data) {
    PGconn* connection = handle();
    for (std::size_t sent = 0; sent < data.size(); sent += copy_chunk) {
        const std::string_view piece = data.substr(sent, copy_chunk);
        if (PQputCopyData(connection, piece.data(), static_cast<int>(piece.size())) != 1) {
            // The server ended the COPY (an error in an earlier line): its result says why.
            return;
        }
    }
    PQputCopyEnd(connection, nullptr);
}

ResultPtr PostgresConnection::collect(const std::string& sql, const std::string_view* copy_data) {
    PGconn* connection = handle();
    std::optional<db::DatabaseError> error;
    ResultPtr last;
    while (PGresult* raw = PQgetResult(connection)) {
        ResultPtr result(raw);
        switch (PQresultStatus(raw)) {
            case PGRES_COMMAND_OK:
                forget_statements_dropped_by(raw);
                [[fallthrough]];
            case PGRES_TUPLES_OK:
            case PGRES_EMPTY_QUERY:
                if (!error) {
                    last = std::move(result);
                }
                break;
            case PGRES_COPY_IN:
                if (copy_data != nullptr) {
                    send_copy_data(*copy_data);
                } else {
                    // The server then fails the COPY with our reason, reported below.
                    PQputCopyEnd(connection, copy_from_stdin_refusal);
                }
                break;
            case PGRES_COPY_OUT: {
                char* buffer = nullptr;
                while (PQgetCopyData(connection, &buffer, 0) > 0) {
                    PQfreemem(buffer);
                }
                break;
            }
            default:
                if (!error) {
                    error = error_from_result(raw, connection, sql);
                    if (copy_data != nullptr) {
                        error = locate_in_copy_data(*error, raw, sql, *copy_data);
                    }
                }
                break;
        }
    }
    if (!error && PQstatus(connection) == CONNECTION_BAD) {
        error = error_from_connection(connection);
    }
    if (error) {
        throw *error;
    }
    return last;
}

void PostgresConnection::forget_statements_dropped_by(const PGresult* result) {
    // Prepared statements are not transactional: they are gone at once, whatever the
    // transaction does next. Only the command tag says so; "DEALLOCATE" (one name, which the tag
    // does not give) may have been one of ours, so it empties the cache too.
    const std::string_view tag = PQcmdStatus(const_cast<PGresult*>(result));
    if (tag == "DEALLOCATE ALL" || tag == "DEALLOCATE" || tag == "DISCARD ALL") {
        statements_.forget_all();
    }
}

void PostgresConnection::execute_script(const std::string& sql) {
    // The simple query protocol: several statements in one round trip, each in the open
    // transaction or in its own implicit one.
    send_or_throw(PQsendQuery(handle(), whole_sql(sql)));
    collect(sql);
}

void PostgresConnection::copy_from_stdin(const std::string& sql, std::string_view data) {
    // The simple query protocol, as psql sends COPY: the server answers CopyInResponse, and
    // collect() sends the data.
    send_or_throw(PQsendQuery(handle(), whole_sql(sql)));
    collect(sql, &data);
}

ResultPtr PostgresConnection::run_unnamed(const std::string& sql,
                                          const std::vector<db::Value>& params) {
    TextParams text(params);
    send_or_throw(PQsendQueryParams(handle(), whole_sql(sql), text.count(), nullptr, text.values(),
                                    nullptr, nullptr, 0));
    return collect(sql);
}

ResultPtr PostgresConnection::run_prepared(const std::string& sql,
                                           const std::vector<db::Value>& params,
                                           StatementCache::Entry& entry) {
    if (entry.name.empty()) {
        std::string name = statements_.new_name();
        send_or_throw(PQsendPrepare(handle(), name.c_str(), whole_sql(sql), 0, nullptr));
        collect(sql);
        entry.name = std::move(name);
    }
    TextParams text(params);
    send_or_throw(PQsendQueryPrepared(handle(), entry.name.c_str(), text.count(), text.values(),
                                      nullptr, nullptr, 0));
    try {
        return collect(sql);
    } catch (const db::DatabaseError& error) {
        if (!stale_prepared_statement(error)) {
            throw;
        }
        statements_.forget(sql);
        // Outside a transaction nothing ran and nothing was aborted: run it afresh.
        if (in_transaction()) {
            throw;
        }
        return run_unnamed(sql, params);
    }
}

ResultPtr PostgresConnection::run(const std::string& sql, const std::vector<db::Value>& params) {
    StatementCache::Entry* entry = statements_.use(sql);
    if (entry == nullptr) {
        return run_unnamed(sql, params);
    }
    return run_prepared(sql, params, *entry);
}

db::ResultSet PostgresConnection::query(const std::string& sql,
                                        const std::vector<db::Value>& params) {
    return to_result_set(run(sql, params).get());
}

db::ResultSet PostgresConnection::query_typed(const std::string& sql,
                                              const std::vector<db::Value>& params,
                                              std::vector<db::ColumnType>& types) {
    ResultPtr result = run(sql, params);
    types.clear();
    if (result != nullptr && PQresultStatus(result.get()) == PGRES_TUPLES_OK) {
        const int columns = PQnfields(result.get());
        for (int column = 0; column < columns; ++column) {
            types.push_back(column_type(PQftype(result.get(), column)));
        }
    }
    return to_result_set(result.get());
}

std::int64_t PostgresConnection::query_each(const std::string& sql,
                                            const std::vector<db::Value>& params,
                                            const db::RowVisitor& visit) {
    // The whole result is in hand before the first visit, so a visitor that throws leaves
    // the session idle and usable.
    ResultPtr result = run(sql, params);
    if (result == nullptr) {
        return 0;
    }
    if (PQresultStatus(result.get()) == PGRES_TUPLES_OK) {
        const int columns = PQnfields(result.get());
        const int rows = PQntuples(result.get());
        std::vector<db::FieldView> fields(static_cast<std::size_t>(columns));
        for (int row = 0; row < rows; ++row) {
            for (int column = 0; column < columns; ++column) {
                auto& field = fields[static_cast<std::size_t>(column)];
                if (PQgetisnull(result.get(), row, column) != 0) {
                    field.reset();
                } else {
                    field.emplace(PQgetvalue(result.get(), row, column),
                                  static_cast<std::size_t>(PQgetlength(result.get(), row, column)));
                }
            }
            visit(fields);
        }
    }
    return affected_rows(result.get());
}

db::ResultSet PostgresConnection::query_batch(const std::vector<db::BatchQuery>& queries,
                                              db::AfterBatch after) {
    if (after == db::AfterBatch::commit) {
        if (!in_transaction()) {
            throw no_transaction_to_commit();
        }
        try {
            return to_result_set(run_pipelined(queries, true).get());
        } catch (const db::DatabaseError&) {
            // A statement failed (the COMMIT after it was skipped) or the COMMIT did (and ended
            // the transaction): either way the transaction ends here, as promised.
            try {
                rollback();
            } catch (const db::DatabaseError&) {
                // The batch's error says more than the rollback's would.
            }
            throw;
        }
    }
    if (queries.size() < 2) {
        return queries.empty() ? db::ResultSet{} : query(*queries[0].sql, *queries[0].params);
    }
    const bool in_outer_transaction = in_transaction();
    try {
        return to_result_set(run_pipelined(queries, false).get());
    } catch (const db::DatabaseError& error) {
        // Outside a transaction the batch was one implicit transaction, rolled back as a whole:
        // run it again, the stale statements prepared afresh (run_pipelined forgot them).
        if (in_outer_transaction || !stale_prepared_statement(error)) {
            throw;
        }
        return to_result_set(run_pipelined(queries, false).get());
    }
}

void PostgresConnection::begin() {
    if (in_transaction()) {
        throw db::DatabaseError(
            "cannot begin a transaction on " + redacted_url_ + ": one is already open", "25001");
    }
    // The setting goes in before BEGIN, as a session setting of its own: a query inside the
    // transaction would take its snapshot, after which a read-only task's
    // `SET TRANSACTION READ ONLY` (which must come before any query) fails.
    if (check_interval_pending_) {
        static const std::string check = std::string("SELECT ") + check_interval_setting;
        execute_script(check);
        check_interval_pending_ = false;
    }
    execute_script("BEGIN");
}

void PostgresConnection::commit() {
    switch (PQtransactionStatus(handle())) {
        case PQTRANS_IDLE:
            throw no_transaction_to_commit();
        case PQTRANS_INERROR:
            // The server would answer COMMIT with a silent ROLLBACK: say so instead.
            execute_script("ROLLBACK");
            throw db::DatabaseError(
                "the transaction was rolled back because a statement in it failed", "25P02");
        default:
            execute_script("COMMIT");
    }
}

db::DatabaseError PostgresConnection::no_transaction_to_commit() const {
    return db::DatabaseError("cannot commit on " + redacted_url_ +
                                 ": no transaction is open (did the script end it with COMMIT or "
                                 "ROLLBACK?)",
                             "25P01");
}

void PostgresConnection::rollback() {
    if (!in_transaction()) {
        return;
    }
    execute_script("ROLLBACK");
}

bool PostgresConnection::in_transaction() const {
    const PGTransactionStatusType status = PQtransactionStatus(handle());
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

std::int64_t PostgresConnection::lock_key() {
    if (!lock_key_) {
        db::ResultSet result = query("SELECT current_database()");
        lock_key_ = migration_lock_key(result.rows.at(0).at(0).value_or(""));
    }
    return *lock_key_;
}

bool PostgresConnection::try_lock_migrations() {
    // Session locks stack: taking it twice would need two unlocks.
    if (lock_held_) {
        return true;
    }
    if (in_transaction()) {
        throw db::DatabaseError(
            "the migration lock is taken outside a transaction, so that a waiting process holds no "
            "snapshot; commit or roll back first",
            "25001");
    }
    static const std::string lock = "SELECT pg_try_advisory_lock($1)";
    // Outside a transaction, so the setting outlives this statement: once per session.
    static const std::string lock_with_check =
        "SELECT pg_try_advisory_lock($1), " + std::string(check_interval_setting);
    db::ResultSet result =
        query(check_interval_pending_ ? lock_with_check : lock, {db::Value(lock_key())});
    check_interval_pending_ = false;
    lock_held_ = result.rows.at(0).at(0) == std::optional<std::string>("t");
    return lock_held_;
}

void PostgresConnection::unlock_migrations() {
    if (!lock_held_) {
        return;
    }
    try {
        query("SELECT pg_advisory_unlock($1)", {db::Value(lock_key())});
        lock_held_ = false;
    } catch (const db::DatabaseError&) {
        // A lost session took the lock with it; otherwise it is still ours to release.
        if (PQstatus(handle()) == CONNECTION_BAD) {
            lock_held_ = false;
        }
        throw;
    }
}

std::string PostgresConnection::describe_lock_holder() {
    // Advisory locks on a bigint key are stored as classid = high half, objid = low half.
    const auto key = static_cast<std::uint64_t>(lock_key());
    const auto high = static_cast<std::int64_t>(key >> 32U);
    const auto low = static_cast<std::int64_t>(key & 0xFFFFFFFFULL);
    static const std::string sql =
        "SELECT a.pid::text, coalesce(a.application_name, ''), coalesce(a.usename::text, ''), "
        "coalesce(host(a.client_addr), 'local'), "
        "coalesce(to_char(a.backend_start AT TIME ZONE 'UTC', "
        "  CASE WHEN (a.backend_start AT TIME ZONE 'UTC')::date = (now() AT TIME ZONE 'UTC')::date "
        "  THEN 'HH24:MI:SS\"Z\"' ELSE 'YYYY-MM-DD HH24:MI:SS\"Z\"' END), '') "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid "
        "ORDER BY a.backend_start LIMIT 1";
    db::ResultSet result = query(sql, {db::Value(high), db::Value(low)});
    if (result.rows.empty()) {
        return {};
    }
    const db::Row& row = result.rows.front();
    auto text = [&](std::size_t column) { return row.at(column).value_or(""); };
    std::string who = text(2) + "@" + text(3);
    std::string description =
        "pid " + text(0) + " (" + (text(1).empty() ? who : text(1) + ", " + who) + ")";
    if (!text(4).empty()) {
        description += " since " + text(4);
    }
    return description;
}

void PostgresConnection::set_statement_timeout(std::chrono::milliseconds timeout) {
    execute_script("SET statement_timeout = " + std::to_string(clamp_to_int_ms(timeout)));
}

void PostgresConnection::set_lock_timeout(std::chrono::milliseconds timeout) {
    execute_script("SET lock_timeout = " + std::to_string(clamp_to_int_ms(timeout)));
}

void PostgresConnection::cancel() noexcept {
    std::shared_ptr<PGcancel> cancel;
    {
        std::lock_guard lock(cancel_mutex_);
        cancel = cancel_;
    }
    if (!cancel) {
        return;
    }
    char error[256];
    // A failed request changes nothing: the statement simply runs on.
    PQcancel(cancel.get(), error, sizeof error);
}

}  // namespace deckhand::postgres
