// A real PostgreSQL 15 server for tests: a fresh temporary folder holding a new cluster, started
// on a free port of 127.0.0.1 with its Unix socket in that folder, stopped and removed by the
// destructor. Tests isolate themselves by database (create_database), not by server.
//
// The cluster is a copy of a template that initdb made once per machine and server account
// ($TMPDIR or /tmp, deckhand-pg-template-<uid>-pg15-v<N>, mode 0700), since copying is several
// times faster than initdb and CTest starts a server for every test. A template that is
// missing, untrusted or broken is not used: the server then gets its own initdb.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace deckhand::test {

// The server could not be started or did not answer; the message carries the reason (initdb or
// pg_ctl output, the tail of the server log).
class PostgresServerError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class PostgresServer {
  public:
    enum class StartAt {
        now,    // the constructor starts the server
        later,  // the constructor only makes the cluster and picks the port; start() starts it
    };

    // Creates the cluster and starts the server (as the unprivileged `postgres` user when run
    // as root), or throws PostgresServerError saying why not. With StartAt::later, url() and
    // port() are known at once while nothing listens yet: for clients that must wait for a
    // database that comes up after them.
    explicit PostgresServer(StartAt when = StartAt::now);
    // Stops the server (fast, then immediate, then SIGKILL), reaps it and removes its folder.
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    // postgres://postgres:<password>@127.0.0.1:<port>/<database> (TCP, scram-sha-256).
    std::string url(const std::string& database = "postgres") const;
    int port() const { return port_; }
    // The folder holding the server's Unix socket (local connections are trusted).
    const std::filesystem::path& socket_dir() const { return root_; }
    const std::filesystem::path& data_dir() const { return data_dir_; }
    const std::string& user() const { return user_; }
    const std::string& password() const { return password_; }
    pid_t postmaster_pid() const { return postmaster_pid_; }

    // Creates an empty database (dropping any of that name first) and returns its url().
    // `name` is a plain identifier: lower-case letters, digits and '_'.
    std::string create_database(const std::string& name) const;

    // Runs `sql` as superuser through the real psql binary over the Unix socket and returns
    // its output: unaligned, tuples only, fields separated by '|', rows by '\n', with no
    // trailing newline. Several statements may be given; each runs in autocommit. Throws
    // PostgresServerError carrying psql's error output when a statement fails.
    std::string psql(const std::string& sql, const std::string& database = "postgres") const;

    // The last `lines` lines of the server log, for failure messages.
    std::string log_tail(std::size_t lines = 30) const;

    // Starts a server made with StartAt::later on its port (returns when it accepts
    // connections); does nothing when it runs. Throws PostgresServerError.
    void start();

    // Asks the server for a smart shutdown and returns at once: it turns new connections away
    // ("the database system is shutting down") until its last session ends, then stops.
    void begin_smart_shutdown() const;

    // Stops the server now (the destructor then has nothing left to do). Idempotent.
    void stop() noexcept;

  private:
    void start_on_free_port();
    // Starts the postmaster on port_: "" when it runs, else pg_ctl's words and the server log.
    std::string start_on_port();
    void started();
    void start_guard();
    void stop_guard(bool postmaster_gone) noexcept;

    std::filesystem::path root_;
    std::filesystem::path data_dir_;
    std::filesystem::path log_file_;
    std::string user_ = "postgres";
    std::string password_;
    int port_ = 0;
    pid_t postmaster_pid_ = -1;
    pid_t owner_pid_ = -1;  // the process that started the server; only it stops it
    pid_t guard_pid_ = -1;  // kills the postmaster should this process die without stopping it
    int guard_fd_ = -1;
    bool running_ = false;
};

// One server per test executable, started on first use and stopped at exit. Throws
// PostgresServerError (every time it is called) when the server cannot start, so each test
// that needs it fails with the reason.
PostgresServer& shared_postgres();

// True while `pid` names a process that has not ended (a zombie has ended).
bool process_running(pid_t pid);

// The processes whose parent is `parent`, zombies included (from /proc).
std::vector<pid_t> child_processes_of(pid_t parent);

}  // namespace deckhand::test
