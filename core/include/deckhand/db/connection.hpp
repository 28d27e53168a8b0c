// The database connection that plugins drive: scripts, parameterised queries, transactions,
// the migration lock and cancellation. Drivers implement it; nothing else touches a client library.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/db/errors.hpp"
#include "deckhand/db/value.hpp"
#include "deckhand/export.hpp"

namespace deckhand::db {

// One statement of a batch (Connection::query_batch): its SQL and parameters, as query() takes
// them. Both must outlive the call.
struct BatchQuery {
    const std::string* sql;
    const std::vector<Value>* params;
};

// What Connection::query_batch does once its statements ran: nothing more, or commit the open
// transaction in the same round trip.
enum class AfterBatch { nothing, commit };

struct Capabilities {
    bool transactional_ddl = true;  // DDL rolls back with the transaction
    bool advisory_locks = false;    // the migration lock is a server-side session lock
    bool concurrent_index = false;  // CREATE INDEX CONCURRENTLY exists
};

class DECKHAND_API Connection {
  public:
    virtual ~Connection();
    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // "sqlite" or "postgres": the name of the dialect subfolder of migrations.
    virtual std::string dialect() const = 0;
    virtual Capabilities capabilities() const = 0;
    // e.g. "PostgreSQL 15.18" or "SQLite 3.40.1".
    virtual std::string server_version() = 0;
    // The user the connection runs as (for installed_by), or "" if the database has none.
    virtual std::string current_user() = 0;

    // Runs a script of one or more statements, without parameters. On error throws
    // DatabaseError whose offset() points into `sql`.
    virtual void execute_script(const std::string& sql) = 0;

    // Runs one statement; parameters are written $1, $2, ... in `sql` on every dialect.
    virtual ResultSet query(const std::string& sql, const std::vector<Value>& params = {}) = 0;

    virtual void begin() = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
    virtual bool in_transaction() const = 0;

    // The migration lock: one holder per database, released when the holder's session or
    // process ends, however it ends. try_lock never waits and must be called outside a
    // transaction; see MigrationLock for the polling wait.
    virtual bool try_lock_migrations() = 0;
    virtual void unlock_migrations() = 0;
    // Who holds the lock (e.g. "pid 4242 (deckhand@10.0.0.7) since 12:01:07"), or "" if unknown.
    virtual std::string describe_lock_holder() = 0;

    // Bounds each following statement (0: no bound); and how long DDL may queue for a table lock.
    virtual void set_statement_timeout(std::chrono::milliseconds timeout) = 0;
    virtual void set_lock_timeout(std::chrono::milliseconds timeout) = 0;

    // Asks the server to stop the running statement. Safe to call from any thread, at any time,
    // including when nothing runs; the interrupted call throws DatabaseError.
    virtual void cancel() noexcept = 0;

    // Since plugin API 1.1. Runs one statement like query(), but hands each row to `visit` as
    // it is read instead of collecting them all as strings: for callers that turn thousands of
    // rows into their own objects (the schema history). Returns the rows the statement
    // affected. The default goes through query(); drivers override it to skip the copy. The
    // host calls it on a driver only if the driver's plugin was built for API 1.1 or later.
    virtual std::int64_t query_each(const std::string& sql, const std::vector<Value>& params,
                                    const RowVisitor& visit);

    // Since plugin API 1.2. Runs one COPY ... FROM STDIN statement (`sql`, without its ';') and
    // sends `data` as its input, byte for byte: the lines that follow the statement in a script,
    // without the closing line "\.". A DatabaseError's offset() points into `sql`, or, for an
    // error in the data, at sql.size() plus the offset in `data` of the line at fault. The
    // default refuses, naming the dialect: only drivers whose database has COPY override it.
    virtual void copy_from_stdin(const std::string& sql, std::string_view data);

    // Since plugin API 1.2. The three steps that bracket one migration script, for a database
    // whose session must differ while a script runs. The engine calls
    //   begin_migration_script()   before the script's transaction (or, for a script that runs
    //                              outside one, before its first statement);
    //   check_migration_script()   after its last statement, before its commit: throws
    //                              DatabaseError, naming the rows at fault, when the script
    //                              left the database breaking a rule the session set aside;
    //   end_migration_script()     after the commit or the rollback, whatever happened: puts
    //                              the session back as it was. Never throws.
    // SQLite turns foreign-key enforcement off for the script (a PRAGMA foreign_keys inside a
    // transaction does nothing), so that its documented twelve-step table rebuild keeps every
    // row, and runs PRAGMA foreign_key_check as the check. The defaults do nothing.
    virtual void begin_migration_script();
    virtual void check_migration_script();
    virtual void end_migration_script() noexcept;

    // Since plugin API 1.3. Runs one statement like query() and sets `types` to the type of each
    // of its columns, as the driver knows it (PostgreSQL: the column's type; SQLite: integer or
    // real when every value of the column has that storage class, boolean for a column declared
    // BOOLEAN holding only 0 and 1). The default calls query() and says text for every column.
    virtual ResultSet query_typed(const std::string& sql, const std::vector<Value>& params,
                                  std::vector<ColumnType>& types);

    // Since plugin API 1.6. Runs `queries` in order, each as query() would, sent together where
    // the driver can (PostgreSQL: libpq's pipeline mode, one round trip for all of them instead
    // of one each): for a few small statements that always run together, such as the session
    // restore, the history row and the commit after each migration script. The first that
    // fails throws its DatabaseError (offset into its own sql) and none after it runs. Returns
    // the last one's result.
    //   AfterBatch::nothing: inside a transaction the batch is part of it (a failure leaves it
    //     to the caller's rollback); outside one it is a transaction of its own, all of it
    //     taking effect or none (so a statement that refuses to run inside a transaction block
    //     does not belong in a batch, nor does COPY: the postgres driver refuses it before
    //     anything runs).
    //   AfterBatch::commit: a transaction must be open (else DatabaseError, SQLSTATE 25P01, and
    //     nothing runs); the batch ends it, committed when every statement and the commit
    //     succeeded, else rolled back.
    // The default runs them one by one through query(), with begin(), commit() and rollback()
    // around them as those promises need.
    virtual ResultSet query_batch(const std::vector<BatchQuery>& queries, AfterBatch after);
};

}  // namespace deckhand::db
