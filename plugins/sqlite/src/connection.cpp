// The SQLite driver's connection: opening, scripts, queries, transactions, the migration lock,
// timeouts and cancellation.
#include "connection.hpp"

#include <algorithm>
#include <climits>
#include <filesystem>
#include <iterator>
#include <system_error>
#include <thread>

#include "column_types.hpp"
#include "deckhand/duration.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/sqlite/sqlite_connection.hpp"
#include "error_codes.hpp"
#include "os_identity.hpp"
#include "sql_text.hpp"
#include "values.hpp"

namespace deckhand::sqlite {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

// VM instructions between progress callbacks: a few microseconds of work, so a timeout or a
// cancel is noticed at once, while the callback (an atomic load and a clock read) stays far
// below 1% of the run time.
constexpr int progress_interval = 1000;
// Longest sleep of the busy handler, which bounds how late it notices a cancel.
constexpr milliseconds longest_busy_pause{50};

std::string in_quotes(std::string_view text) {
    return "'" + std::string(text) + "'";
}

// Resets a cached statement when its use ends, however it ends, so it holds no read
// snapshot or lock and no pointer to the caller's parameters.
class StatementUse {
  public:
    explicit StatementUse(sqlite3_stmt* statement) : statement_(statement) {}
    ~StatementUse() {
        sqlite3_reset(statement_);
        sqlite3_clear_bindings(statement_);
    }
    StatementUse(const StatementUse&) = delete;
    StatementUse& operator=(const StatementUse&) = delete;

  private:
    sqlite3_stmt* statement_;
};

// The length to hand sqlite3_prepare for `sql`: with its terminating NUL counted, which tells
// SQLite that the text ends there, so that it parses the caller's buffer in place. Without the
// NUL, SQLite copies the text from the start of each statement to the end of the script, which
// made running a script quadratic in its size. A NUL inside the text would end it early, and
// the rest would be dropped without a word: refused. sqlite3 APIs take int lengths.
int sql_length(const std::string& sql) {
    if (sql.size() >= static_cast<std::size_t>(INT_MAX)) {
        throw db::DatabaseError("the SQL text is " + std::to_string(sql.size()) +
                                    " bytes long, more than SQLite accepts at once",
                                "SQLITE_TOOBIG", 0);
    }
    if (const auto nul = sql.find('\0'); nul != std::string::npos) {
        throw db::DatabaseError(
            "the SQL text holds a NUL byte, where SQLite would stop reading it and drop the rest",
            "SQLITE_MISUSE", nul);
    }
    return static_cast<int>(sql.size()) + 1;
}

}  // namespace

SqliteConnection::SqliteConnection(const DatabaseUrl& url, const db::ConnectOptions& options)
    : SqliteConnection(parse_url(url), options) {}

SqliteConnection::SqliteConnection(const Location& location, const db::ConnectOptions& options)
    : display_name_(location.path),
      in_memory_(location.in_memory),
      read_only_(options.mode == db::OpenMode::read_only) {
    std::string filename = ":memory:";
    if (!in_memory_) {
        const std::string& file = location.path;
        const fs::path path(file);
        const fs::path folder = path.parent_path();
        std::error_code ignored;
        if (!folder.empty() && !fs::is_directory(folder, ignored)) {
            throw ConfigError("the folder " + in_quotes(folder.string()) +
                              " of the SQLite database " + in_quotes(file) + " does not exist");
        }
        // Only the commands that build a database (migrate, seed, baseline) may create its
        // file: for the others a missing file is a mistyped path, and an empty database made
        // there would pass their checks ("no problems"). exists() follows symlinks, so a
        // dangling one is missing too (SQLite would create the file it points to).
        if (options.mode != db::OpenMode::create && !fs::exists(path, ignored)) {
            throw db::MissingDatabase(
                "the SQLite database " + in_quotes(file) +
                " does not exist (only migrate, seed and baseline create one)");
        }
        // This SQLite reads names starting with "file:" as URIs; a path is always a path.
        filename = file.rfind("file:", 0) == 0 ? "./" + file : file;
        // Absolute, so that the lock stays the same file if the process changes folder.
        lock_.emplace(fs::absolute(path, ignored).string() + ".deckhand-lock");
    }

    // NOMUTEX: one thread uses a connection; sqlite3_interrupt() (our only cross-thread call)
    // is safe without SQLite's own mutex. Without CREATE, a file removed since the check above
    // is an error rather than a new empty database.
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    switch (options.mode) {
        case db::OpenMode::create:
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
            break;
        case db::OpenMode::existing:
            flags |= SQLITE_OPEN_READWRITE;
            break;
        case db::OpenMode::read_only:
            flags |= SQLITE_OPEN_READONLY;
            break;
    }
    if (in_memory_) {
        flags = (flags & ~SQLITE_OPEN_READONLY) | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    }
    sqlite3* raw = nullptr;
    const int opened = sqlite3_open_v2(filename.c_str(), &raw, flags, nullptr);
    database_.reset(raw);
    if (opened != SQLITE_OK) {
        throw db::ConnectionError("cannot open the SQLite database " + in_quotes(display_name_) +
                                  ": " +
                                  (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(opened)));
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_handler(raw, &SqliteConnection::on_busy, this);
    sqlite3_progress_handler(raw, progress_interval, &SqliteConnection::on_progress, this);

    // Switching a new file to WAL needs a moment's exclusive lock: wait for it no longer than
    // for a connection. WAL lets readers (status in another process) run while a migration
    // writes. The file remembers WAL, so later opens only confirm it. synchronous=NORMAL is
    // SQLite's advice for WAL: a commit never corrupts the file, and a power cut can at worst
    // lose the newest commits whole (a script with its history row), never half of one; with
    // FULL every migration paid an fsync, 11 s for 1,000 scripts. A read-only connection
    // changes no journal mode: it reads the file as the writers left it (a WAL file included,
    // through its -wal and -shm files, which SQLite makes or shares as it would for a writer).
    const milliseconds lock_timeout = lock_timeout_;
    lock_timeout_ = options.connect_timeout;
    const auto deadline = Clock::now() + options.connect_timeout;
    while (true) {
        try {
            execute_script(in_memory_ || read_only_ ? "PRAGMA foreign_keys = ON;"
                                                    : "PRAGMA foreign_keys = ON; PRAGMA "
                                                      "journal_mode = WAL; PRAGMA synchronous = "
                                                      "NORMAL;");
            break;
        } catch (const db::DatabaseError& failure) {
            // Processes that open the same new file at once (a Job's retries, parallel test
            // runners) race to switch it to WAL, and SQLite answers the loser SQLITE_BUSY
            // without calling the busy handler, since waiting could deadlock. The pragmas
            // change nothing twice: try again until the connect timeout.
            if (failure.code().rfind("SQLITE_BUSY", 0) == 0 && !lock_timed_out_ &&
                !cancel_requested_.load() && Clock::now() < deadline) {
                std::this_thread::sleep_for(milliseconds(5));
                continue;
            }
            throw db::ConnectionError("cannot open the SQLite database " +
                                      in_quotes(display_name_) + ": " + failure.what());
        }
    }
    lock_timeout_ = lock_timeout;
}

SqliteConnection::~SqliteConnection() {
    if (lock_) {
        lock_->release();
    }
    statements_.clear();  // sqlite3_close refuses while statements are unfinalized
    std::lock_guard guard(handle_mutex_);
    database_.reset();
}

db::Capabilities SqliteConnection::capabilities() const {
    return db::Capabilities{
        .transactional_ddl = true, .advisory_locks = false, .concurrent_index = false};
}

std::string SqliteConnection::server_version() {
    return std::string("SQLite ") + sqlite3_libversion();
}

std::string SqliteConnection::current_user() {
    return os_user_name();
}

void SqliteConnection::start_statement() noexcept {
    statement_timed_out_ = false;
    lock_timed_out_ = false;
    statement_deadline_ = statement_timeout_.count() > 0 ? Clock::now() + statement_timeout_
                                                         : Clock::time_point::max();
}

int SqliteConnection::on_progress(void* self) noexcept {
    auto& connection = *static_cast<SqliteConnection*>(self);
    if (connection.cancel_requested_.load(std::memory_order_relaxed)) {
        return 1;
    }
    if (connection.statement_deadline_ != Clock::time_point::max() &&
        Clock::now() >= connection.statement_deadline_) {
        connection.statement_timed_out_ = true;
        return 1;
    }
    return 0;
}

// Replaces sqlite3_busy_timeout() so that waiting for another process's lock also ends on
// cancel() and at the statement deadline, not only at the lock timeout.
int SqliteConnection::on_busy(void* self, int attempt) noexcept {
    auto& connection = *static_cast<SqliteConnection*>(self);
    const auto now = Clock::now();
    if (attempt == 0) {
        connection.busy_since_ = now;
    }
    if (connection.cancel_requested_.load()) {
        return 0;
    }
    if (now >= connection.statement_deadline_) {
        connection.statement_timed_out_ = true;
        return 0;
    }
    const auto waited = now - connection.busy_since_;
    if (waited >= connection.lock_timeout_) {
        connection.lock_timed_out_ = true;
        return 0;
    }
    // Short pauses first (the holder usually commits quickly), like SQLite's own handler.
    static constexpr milliseconds pauses[] = {milliseconds(1),  milliseconds(2),
                                              milliseconds(5),  milliseconds(10),
                                              milliseconds(20), longest_busy_pause};
    const auto step =
        std::min<std::size_t>(static_cast<std::size_t>(attempt), std::size(pauses) - 1);
    auto pause = std::min<Clock::duration>(
        {pauses[step], connection.lock_timeout_ - waited, connection.statement_deadline_ - now});
    std::this_thread::sleep_for(pause);
    return 1;
}

db::DatabaseError SqliteConnection::error(int code, std::optional<std::size_t> offset) const {
    const int primary = code & 0xff;
    std::string message;
    if ((primary == SQLITE_INTERRUPT || primary == SQLITE_BUSY) && statement_timed_out_) {
        message = "the statement exceeded the statement timeout of " +
                  format_duration(statement_timeout_) + " and was stopped";
    } else if ((primary == SQLITE_INTERRUPT || primary == SQLITE_BUSY) &&
               cancel_requested_.load()) {
        message = "the statement was cancelled";
    } else if (primary == SQLITE_BUSY && lock_timed_out_) {
        message = std::string(sqlite3_errmsg(database_.get())) +
                  " (another connection held it for " + "longer than the lock timeout of " +
                  format_duration(lock_timeout_) + ")";
    } else {
        message = sqlite3_errmsg(database_.get());
    }
    return db::DatabaseError(message, result_code_name(code), offset);
}

void SqliteConnection::execute_script(const std::string& sql) {
    start_call();
    sqlite3* database = database_.get();
    const int length = sql_length(sql);  // the terminating NUL included
    const char* const begin = sql.data();
    const char* const end = begin + sql.size();
    const char* cursor = begin;
    while (cursor < end) {
        const auto start = static_cast<std::size_t>(cursor - begin);
        const std::size_t statement_start = skip_blank(sql, start);
        if (cancel_requested_.load()) {
            throw db::DatabaseError("the script was cancelled", "SQLITE_INTERRUPT",
                                    statement_start);
        }
        start_statement();
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        const int prepared_code = sqlite3_prepare_v2(
            database, cursor, static_cast<int>(begin + length - cursor), &raw, &tail);
        StatementPtr statement(raw);
        if (prepared_code != SQLITE_OK) {
            const int within = sqlite3_error_offset(database);
            throw error(prepared_code,
                        within >= 0 ? start + static_cast<std::size_t>(within) : statement_start);
        }
        if (!statement) {
            break;  // only blanks and comments were left
        }
        int stepped = SQLITE_ROW;
        while (stepped == SQLITE_ROW) {
            stepped = sqlite3_step(statement.get());
        }
        if (stepped != SQLITE_DONE) {
            throw error(stepped, statement_start);
        }
        if (tail == cursor) {
            break;  // no progress: cannot happen, but never loop forever
        }
        cursor = tail;
    }
}

sqlite3_stmt* SqliteConnection::prepared(const std::string& sql) {
    if (auto* cached = statements_.find(sql)) {
        return cached;
    }
    sqlite3* database = database_.get();
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int code = sqlite3_prepare_v3(database, sql.data(), sql_length(sql),
                                        SQLITE_PREPARE_PERSISTENT, &raw, &tail);
    StatementPtr statement(raw);
    if (code != SQLITE_OK) {
        const int within = sqlite3_error_offset(database);
        throw error(code, within >= 0 ? static_cast<std::size_t>(within) : skip_blank(sql, 0));
    }
    if (!statement) {
        throw db::DatabaseError("the query holds no statement, only blanks and comments",
                                "SQLITE_MISUSE", 0);
    }
    const auto rest = static_cast<std::size_t>(tail - sql.data());
    if (const auto next = skip_blank(sql, rest); next < sql.size()) {
        // SQLite would silently ignore the rest; PostgreSQL refuses parameters with several.
        throw db::DatabaseError(
            "a query runs one statement, but this SQL holds another one after the first (run "
            "scripts with execute_script)",
            "SQLITE_MISUSE", next);
    }
    return statements_.insert(sql, std::move(statement));
}

void SqliteConnection::bind(sqlite3_stmt* statement, const std::vector<db::Value>& params,
                            std::size_t offset) const {
    const int count = sqlite3_bind_parameter_count(statement);
    // Few parameters in practice; a bit mask would cap them, a vector<bool> is fine.
    std::vector<bool> used(params.size(), false);
    for (int index = 1; index <= count; ++index) {
        const char* name = sqlite3_bind_parameter_name(statement, index);
        const auto number = parameter_number(name);
        if (!number) {
            throw db::DatabaseError(
                "query parameters are written $1, $2, ..., but the statement has " +
                    in_quotes(name != nullptr ? name : "?"),
                "SQLITE_RANGE", offset);
        }
        if (*number > params.size()) {
            throw db::DatabaseError(
                "the statement uses $" + std::to_string(*number) + " but only " +
                    std::to_string(params.size()) +
                    (params.size() == 1 ? " parameter was" : " parameters were") + " given",
                "SQLITE_RANGE", offset);
        }
        if (const int code = bind_value(statement, index, params[*number - 1]); code != SQLITE_OK) {
            throw error(code, offset);
        }
        used[*number - 1] = true;
    }
    for (std::size_t i = 0; i < used.size(); ++i) {
        if (!used[i]) {
            throw db::DatabaseError("parameter $" + std::to_string(i + 1) +
                                        " was given but the statement does not use it",
                                    "SQLITE_RANGE", offset);
        }
    }
}

template <typename Attempt>
auto SqliteConnection::retrying_schema_changes(const Attempt& attempt, const bool& rows_seen) {
    // Outside a transaction, a reader whose statement meets a schema that another process keeps
    // changing (status --wait during a migration) can exhaust SQLite's own 50 re-prepares and
    // get SQLITE_SCHEMA. Nothing ran then, so the statement is simply tried again — unless rows
    // were already handed to a visitor.
    constexpr int schema_retries = 20;
    for (int attempt_number = 0;; ++attempt_number) {
        try {
            return attempt();
        } catch (const db::DatabaseError& failure) {
            if (failure.code() != "SQLITE_SCHEMA" || attempt_number == schema_retries ||
                rows_seen || sqlite3_get_autocommit(database_.get()) == 0) {
                throw;
            }
        }
    }
}

db::ResultSet SqliteConnection::query(const std::string& sql,
                                      const std::vector<db::Value>& params) {
    std::vector<db::ColumnType> types;  // counting storage classes costs next to nothing
    return query_typed(sql, params, types);
}

db::ResultSet SqliteConnection::query_typed(const std::string& sql,
                                            const std::vector<db::Value>& params,
                                            std::vector<db::ColumnType>& types) {
    const bool rows_seen = false;  // rows are collected, and dropped if the attempt fails
    return retrying_schema_changes(
        [&] {
            db::ResultSet result;
            ColumnTypeTally tally;
            result.affected_rows =
                step_all(sql, params, &result.columns, [&](sqlite3_stmt* statement, int columns) {
                    db::Row& row = result.rows.emplace_back();
                    row.reserve(static_cast<std::size_t>(columns));
                    for (int column = 0; column < columns; ++column) {
                        row.push_back(read_field(statement, column));
                    }
                    tally.add_row(statement, columns);
                });
            types = tally.types(result.columns.size());
            return result;
        },
        rows_seen);
}

std::int64_t SqliteConnection::query_each(const std::string& sql,
                                          const std::vector<db::Value>& params,
                                          const db::RowVisitor& visit) {
    bool rows_seen = false;
    std::vector<db::FieldView> fields;
    std::vector<std::string> scratch;  // formatted reals, one per column
    return retrying_schema_changes(
        [&] {
            return step_all(sql, params, nullptr, [&](sqlite3_stmt* statement, int columns) {
                const auto count = static_cast<std::size_t>(columns);
                fields.resize(count);
                scratch.resize(count);
                for (std::size_t column = 0; column < count; ++column) {
                    fields[column] =
                        read_field_view(statement, static_cast<int>(column), scratch[column]);
                }
                rows_seen = true;
                visit(fields);
            });
        },
        rows_seen);
}

std::int64_t SqliteConnection::step_all(
    const std::string& sql, const std::vector<db::Value>& params, std::vector<std::string>* columns,
    const std::function<void(sqlite3_stmt*, int columns)>& on_row) {
    start_call();
    sqlite3* database = database_.get();
    sqlite3_stmt* statement = prepared(sql);
    StatementUse use(statement);
    const std::size_t offset = skip_blank(sql, 0);
    bind(statement, params, offset);

    const int column_count = sqlite3_column_count(statement);
    if (columns != nullptr) {
        columns->reserve(static_cast<std::size_t>(column_count));
        for (int column = 0; column < column_count; ++column) {
            const char* name = sqlite3_column_name(statement, column);
            columns->emplace_back(name != nullptr ? name : "");
        }
    }

    start_statement();
    const auto changes_before = sqlite3_total_changes64(database);
    int stepped = SQLITE_ROW;
    while ((stepped = sqlite3_step(statement)) == SQLITE_ROW) {
        on_row(statement, column_count);
    }
    if (stepped != SQLITE_DONE) {
        throw error(stepped, offset);
    }
    // sqlite3_changes64 keeps the count of the last INSERT, UPDATE or DELETE, even after a
    // SELECT or DDL; the total tells whether this statement changed anything at all.
    if (sqlite3_total_changes64(database) != changes_before) {
        return sqlite3_changes64(database);
    }
    return 0;
}

void SqliteConnection::run_control(const std::string& sql) {
    start_call();
    sqlite3_stmt* statement = prepared(sql);
    StatementUse use(statement);
    start_statement();
    if (const int stepped = sqlite3_step(statement); stepped != SQLITE_DONE) {
        throw error(stepped, 0);
    }
}

void SqliteConnection::begin() {
    // IMMEDIATE takes the write lock now: a deferred transaction that reads first and writes
    // later can fail with SQLITE_BUSY_SNAPSHOT when another writer got in between. A read-only
    // connection cannot take the write lock, and needs none: its transaction only reads.
    static const std::string immediate = "BEGIN IMMEDIATE";
    static const std::string deferred = "BEGIN";
    run_control(read_only_ ? deferred : immediate);
}

void SqliteConnection::commit() {
    static const std::string sql = "COMMIT";
    run_control(sql);
    checked_committed_ = checked_violations_.has_value();
}

void SqliteConnection::rollback() {
    // SQLite rolls a transaction back by itself after some errors (an interrupt, a full disk,
    // a busy commit); the caller's rollback then has nothing left to do.
    if (!in_transaction()) {
        return;
    }
    static const std::string sql = "ROLLBACK";
    run_control(sql);
}

bool SqliteConnection::in_transaction() const {
    return sqlite3_get_autocommit(database_.get()) == 0;
}

DatabaseState SqliteConnection::database_state() {
    static const std::string data_version = "PRAGMA data_version";
    static const std::string schema_version = "PRAGMA schema_version";
    auto number = [&](const std::string& sql) {
        const auto result = query(sql, {});
        return result.rows.empty() ? 0 : std::stoll(result.rows.front().front().value_or("0"));
    };
    return DatabaseState{number(data_version), sqlite3_total_changes64(database_.get()),
                         number(schema_version)};
}

void SqliteConnection::begin_migration_script() {
    // SQLite's documented table rebuild (create the new table, copy, drop the old one, rename)
    // needs foreign keys unenforced: enforced, dropping the parent fails on a table with rows,
    // or deletes the children through ON DELETE CASCADE. PRAGMA foreign_keys does nothing
    // inside a transaction, so it is set here, before the script's BEGIN.
    static const std::string read_setting = "PRAGMA foreign_keys";
    static const std::string unenforce = "PRAGMA foreign_keys = OFF";
    const auto setting = query(read_setting, {});
    foreign_keys_before_script_ =
        !setting.rows.empty() && setting.rows.front().front() == std::optional<std::string>("1");
    try {
        run_control(unenforce);
        script_start_ = database_state();
        if (!known_violations_ || known_violations_->state != script_start_) {
            known_violations_ = KnownViolations{foreign_key_violations(*this), script_start_};
        }
    } catch (...) {
        end_migration_script();
        throw;
    }
}

void SqliteConnection::check_migration_script() {
    if (!foreign_keys_before_script_ || !known_violations_) {
        return;  // not between begin_migration_script and end_migration_script
    }
    const DatabaseState now = database_state();
    checked_in_transaction_ = in_transaction();
    if (now.total_changes == script_start_.total_changes &&
        now.schema_version == script_start_.schema_version) {
        checked_violations_ = KnownViolations{known_violations_->rows, now};
        return;  // the script changed no row and no table: it cannot have orphaned one
    }
    checked_violations_ = KnownViolations{foreign_key_violations(*this), now};
    const auto added = added_violations(known_violations_->rows, checked_violations_->rows);
    if (!added.empty()) {
        throw db::DatabaseError(
            "the script leaves rows whose foreign key matches no row of the table it references "
            "(PRAGMA foreign_key_check): " +
                describe_violations(added),
            "SQLITE_CONSTRAINT_FOREIGNKEY");
    }
}

void SqliteConnection::end_migration_script() noexcept {
    if (!foreign_keys_before_script_) {
        return;
    }
    static const std::string enforce = "PRAGMA foreign_keys = ON";
    static const std::string unenforce = "PRAGMA foreign_keys = OFF";
    try {
        // A transaction still open is the script's, and the setting cannot change inside one.
        rollback();
        run_control(*foreign_keys_before_script_ ? enforce : unenforce);
        if (checked_violations_ && (!checked_in_transaction_ || checked_committed_)) {
            // What the check saw is the database now, but for the script's history row: the
            // state to compare with is today's, except for other connections' commits since
            // the check, which the next script must see.
            const DatabaseState now = database_state();
            checked_violations_->state.total_changes = now.total_changes;
            checked_violations_->state.schema_version = now.schema_version;
            known_violations_ = std::move(checked_violations_);
        }
    } catch (...) {
        // The connection is broken; nothing uses it after a failed script but its closing.
        known_violations_.reset();
    }
    foreign_keys_before_script_.reset();
    checked_violations_.reset();
    checked_committed_ = false;
}

bool SqliteConnection::try_lock_migrations() {
    // Nobody else can open a private in-memory database.
    if (!lock_) {
        return true;
    }
    return lock_->try_acquire(describe_this_process(std::chrono::system_clock::now()));
}

void SqliteConnection::unlock_migrations() {
    if (lock_) {
        lock_->release();
    }
}

std::string SqliteConnection::describe_lock_holder() {
    return lock_ ? lock_->describe_holder() : std::string();
}

void SqliteConnection::set_statement_timeout(milliseconds timeout) {
    statement_timeout_ = std::max(timeout, milliseconds(0));
}

void SqliteConnection::set_lock_timeout(milliseconds timeout) {
    lock_timeout_ = std::max(timeout, milliseconds(0));
}

void SqliteConnection::cancel() noexcept {
    // The flag covers the moments sqlite3_interrupt() misses: between a script's statements,
    // and while the busy handler waits for another process's lock.
    cancel_requested_.store(true);
    try {
        std::lock_guard guard(handle_mutex_);
        if (database_) {
            sqlite3_interrupt(database_.get());
        }
    } catch (...) {
        // std::mutex::lock only throws on a broken system; the flag alone still stops the work.
    }
}

std::unique_ptr<db::Connection> open_sqlite(const DatabaseUrl& url,
                                            const db::ConnectOptions& options) {
    return std::make_unique<SqliteConnection>(url, options);
}

void check_sqlite_url(const DatabaseUrl& url) {
    parse_url(url);
}

}  // namespace deckhand::sqlite
