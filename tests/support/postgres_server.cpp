// PostgresServer: initdb, pg_ctl start/stop and psql around a throw-away data folder. The test
// process becomes a child subreaper so that the daemonised postmaster is re-parented to it and
// can be reaped (containers here often have no init that reaps), and a small guard process
// kills the postmaster if the test process dies without running its destructors.
#include "support/postgres_server.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "support/ports.hpp"
#include "support/process.hpp"

namespace deckhand::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path postgres_bin = "/usr/lib/postgresql/15/bin";
constexpr const char* server_account_name = "postgres";

[[noreturn]] void fail(const std::string& why) {
    throw PostgresServerError("the PostgreSQL test server could not start: " + why);
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

std::string describe(const ProcessResult& result) {
    std::string how =
        result.timed_out ? "timed out" : "exited with status " + std::to_string(result.exit_code);
    std::string output =
        trimmed(result.err + (result.err.empty() || result.out.empty() ? "" : "\n") + result.out);
    return how + (output.empty() ? "" : ": " + output);
}

// Who the server runs as: the current user, or `postgres` when we are root (PostgreSQL
// refuses to run as root).
struct ServerAccount {
    bool switch_user = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

std::string runuser_path() {
    for (const char* candidate : {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"}) {
        if (access(candidate, X_OK) == 0) {
            return candidate;
        }
    }
    fail("running as root needs runuser (util-linux) to start PostgreSQL as the postgres user");
}

ServerAccount server_account() {
    if (geteuid() != 0) {
        return {false, geteuid(), getegid()};
    }
    if (getpwnam(server_account_name) == nullptr) {
        // Several test processes may race to create it; whoever loses finds it afterwards.
        ProcessOptions options;
        options.set_env = {{"PATH", "/usr/sbin:/sbin:/usr/bin:/bin"}};
        auto created =
            run_process({"useradd", "--system", "--user-group", "--no-create-home", "--home-dir",
                         "/nonexistent", "--shell", "/usr/sbin/nologin", server_account_name},
                        options);
        if (getpwnam(server_account_name) == nullptr) {
            fail("the postgres user does not exist and useradd " + describe(created));
        }
    }
    const passwd* account = getpwnam(server_account_name);
    return {true, account->pw_uid, account->pw_gid};
}

// Every folder above `path` must be searchable by others, or the postgres user cannot reach
// its data folder.
bool traversable_by_others(const fs::path& path) {
    for (fs::path dir = fs::absolute(path); !dir.empty(); dir = dir.parent_path()) {
        struct stat info {};
        if (stat(dir.c_str(), &info) != 0 || (info.st_mode & S_IXOTH) == 0) {
            return false;
        }
        if (dir == dir.root_path()) {
            break;
        }
    }
    return true;
}

fs::path temp_base(const ServerAccount& account) {
    const char* tmpdir = std::getenv("TMPDIR");
    if (tmpdir == nullptr || *tmpdir == '\0') {
        return "/tmp";
    }
    fs::path base = tmpdir;
    // A Unix socket path holds at most 107 bytes: <base>/deckhand-pg-XXXXXX/.s.PGSQL.NNNNN.
    if (base.string().size() > 60) {
        return "/tmp";
    }
    if (account.switch_user && !traversable_by_others(base)) {
        return "/tmp";
    }
    return base;
}

std::string random_password() {
    static constexpr char alphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::random_device device;
    std::uniform_int_distribution<std::size_t> pick(0, sizeof alphabet - 2);
    std::string password;
    for (int i = 0; i < 24; ++i) {
        password += alphabet[pick(device)];
    }
    return password;
}

int free_port() {
    try {
        return free_local_port();
    } catch (const std::exception& error) {
        fail(error.what());
    }
}

// Children see no PG* variables of the developer's shell and speak English.
ProcessOptions child_options(std::chrono::milliseconds timeout) {
    ProcessOptions options;
    options.timeout = timeout;
    options.unset_env = {"PGDATA",        "PGHOST",
                         "PGHOSTADDR",    "PGPORT",
                         "PGUSER",        "PGPASSWORD",
                         "PGDATABASE",    "PGOPTIONS",
                         "PGSERVICE",     "PGSSLMODE",
                         "PGAPPNAME",     "PGPASSFILE",
                         "PGSERVICEFILE", "PGCONNECT_TIMEOUT",
                         "PGTZ"};
    options.set_env = {{"LC_ALL", "C"}, {"LANG", "C"}};
    return options;
}

std::vector<std::string> as_server_user(const ServerAccount& account,
                                        std::vector<std::string> argv) {
    if (!account.switch_user) {
        return argv;
    }
    std::vector<std::string> wrapped{runuser_path(), "-u", server_account_name, "--"};
    wrapped.insert(wrapped.end(), argv.begin(), argv.end());
    return wrapped;
}

void hand_over(const fs::path& path, const ServerAccount& account) {
    if (account.switch_user && chown(path.c_str(), account.uid, account.gid) != 0) {
        fail("cannot give " + path.string() + " to the postgres user: " + std::strerror(errno));
    }
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

pid_t read_postmaster_pid(const fs::path& data_dir) {
    std::ifstream in(data_dir / "postmaster.pid");
    long pid = -1;
    if (!(in >> pid) || pid <= 0) {
        return -1;
    }
    return static_cast<pid_t>(pid);
}

// Runs initdb into `data` (inside `dir`, which keeps the superuser's password file) with the
// settings every test server shares; returns the password.
std::string init_cluster(const ServerAccount& account, const fs::path& dir, const fs::path& data) {
    std::string password = random_password();
    fs::path password_file = dir / "password";
    {
        std::ofstream out(password_file);
        out << password << '\n';
    }
    chmod(password_file.c_str(), 0600);
    hand_over(password_file, account);
    // 1 MB WAL segments: initdb writes (and a template copy copies) 1 MB instead of 16.
    auto initdb = run_process(
        as_server_user(account, {(postgres_bin / "initdb").string(), "-D", data.string(), "-U",
                                 "postgres", "--auth-host=scram-sha-256", "--auth-local=trust",
                                 "--pwfile=" + password_file.string(), "-E", "UTF8", "--locale=C",
                                 "--no-sync", "--no-instructions", "--wal-segsize=1"}),
        child_options(120s));
    if (initdb.exit_code != 0 || initdb.timed_out) {
        fail("initdb " + describe(initdb));
    }

    // Durability off: a test server is thrown away, and start-up and DDL get much faster.
    std::ofstream conf(data / "postgresql.conf", std::ios::app);
    conf << "\n# deckhand test server\n"
         << "listen_addresses = '127.0.0.1'\n"
         << "fsync = off\n"
         << "synchronous_commit = off\n"
         << "full_page_writes = off\n"
         << "shared_buffers = 16MB\n"
         << "max_connections = 50\n"
         << "wal_level = minimal\n"
         << "max_wal_senders = 0\n"
         << "autovacuum = off\n";
    conf.close();
    if (!conf) {
        fail("cannot write " + (data / "postgresql.conf").string());
    }
    return password;
}

// What differs between servers made from one cluster: where the socket goes.
void add_server_settings(const fs::path& data, const fs::path& socket_dir) {
    std::ofstream conf(data / "postgresql.conf", std::ios::app);
    conf << "unix_socket_directories = '" << socket_dir.string() << "'\n";
    conf.close();
    if (!conf) {
        fail("cannot write " + (data / "postgresql.conf").string());
    }
}

// A cluster made by initdb once and copied for each server: copying takes a fraction of
// initdb's time, and every test executable (every test, under CTest) starts a server. Bump the
// version suffix whenever init_cluster() changes.
fs::path template_path(const fs::path& base, const ServerAccount& account) {
    return base / ("deckhand-pg-template-" + std::to_string(account.uid) + "-pg15-v1");
}

// Only a folder the server's account owns and nobody else can write to may seed a server:
// anyone else could have planted a configuration that runs commands.
bool trusted_template(const fs::path& dir, const ServerAccount& account) {
    struct stat info {};
    if (lstat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode) || info.st_uid != account.uid ||
        (info.st_mode & 077) != 0) {
        return false;
    }
    std::error_code ignored;
    return fs::exists(dir / "data" / "PG_VERSION", ignored) &&
           fs::exists(dir / "password", ignored);
}

// The template, built now if missing (concurrent builders race through rename: one wins and
// the others use its result), or nothing when there is none to trust.
std::optional<fs::path> ensure_template(const ServerAccount& account, const fs::path& base) {
    fs::path final_dir = template_path(base, account);
    if (trusted_template(final_dir, account)) {
        return final_dir;
    }
    std::error_code ignored;
    if (fs::exists(fs::symlink_status(final_dir, ignored))) {
        return std::nullopt;  // not ours to touch
    }
    std::string pattern = final_dir.string() + ".tmp-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
        return std::nullopt;
    }
    fs::path building = pattern;
    try {
        chmod(building.c_str(), 0700);
        hand_over(building, account);
        init_cluster(account, building, building / "data");
        if (rename(building.c_str(), final_dir.c_str()) != 0) {
            fs::remove_all(building, ignored);
        }
    } catch (const PostgresServerError&) {
        fs::remove_all(building, ignored);
        return std::nullopt;
    }
    return trusted_template(final_dir, account) ? std::optional<fs::path>(final_dir) : std::nullopt;
}

// Copies the template's cluster to `data` (cp -a keeps the server account's ownership);
// returns its password, or nothing when the copy failed.
std::optional<std::string> copy_template(const fs::path& dir, const fs::path& data) {
    auto copied =
        run_process({"cp", "-a", (dir / "data").string(), data.string()}, child_options(120s));
    std::string password = trimmed(read_text(dir / "password"));
    if (copied.exit_code != 0 || copied.timed_out || password.empty()) {
        std::error_code ignored;
        fs::remove_all(data, ignored);
        return std::nullopt;
    }
    return password;
}

void discard_template(const fs::path& dir) {
    // Renamed first, so that no other process starts copying a half-removed folder.
    fs::path doomed = dir.string() + ".discard-" + std::to_string(getpid());
    std::error_code ignored;
    if (rename(dir.c_str(), doomed.c_str()) == 0) {
        fs::remove_all(doomed, ignored);
    }
}

std::vector<pid_t> child_processes_of_impl(pid_t parent) {
    std::vector<pid_t> children;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator("/proc", error)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) {
            continue;
        }
        std::string stat = read_text(entry.path() / "stat");
        auto close_paren = stat.rfind(')');
        if (close_paren == std::string::npos) {
            continue;
        }
        std::istringstream fields(stat.substr(close_paren + 2));
        char state = 0;
        long ppid = 0;
        if (fields >> state >> ppid && ppid == parent) {
            children.push_back(std::stoi(name));
        }
    }
    return children;
}

// Waits until `pid` has ended, reaping it when it is our child (it is, through the subreaper).
bool reap(pid_t pid, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        int status = 0;
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            return true;
        }
        if (done < 0 && errno == ECHILD && !process_running(pid)) {
            return true;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(10ms);
    }
}

}  // namespace

std::vector<pid_t> child_processes_of(pid_t parent) {
    return child_processes_of_impl(parent);
}

bool process_running(pid_t pid) {
    if (pid <= 0) {
        return false;
    }
    std::string stat = read_text(fs::path("/proc") / std::to_string(pid) / "stat");
    auto close_paren = stat.rfind(')');
    if (close_paren == std::string::npos || close_paren + 2 >= stat.size()) {
        return false;
    }
    char state = stat[close_paren + 2];
    return state != 'Z' && state != 'X';
}

PostgresServer::PostgresServer(StartAt when) : owner_pid_(getpid()) {
    for (const char* tool : {"initdb", "pg_ctl", "postgres", "psql"}) {
        if (access((postgres_bin / tool).c_str(), X_OK) != 0) {
            fail((postgres_bin / tool).string() + " is missing (install postgresql-15)");
        }
    }
    ServerAccount account = server_account();
    fs::path base = temp_base(account);
    std::string pattern = (base / "deckhand-pg-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        fail("mkdtemp " + pattern + " failed: " + std::strerror(errno));
    }
    root_ = pattern;
    data_dir_ = root_ / "data";
    log_file_ = root_ / "server.log";
    try {
        chmod(root_.c_str(), 0711);
        hand_over(root_, account);
        std::optional<fs::path> from_template = ensure_template(account, base);
        std::optional<std::string> password;
        if (from_template) {
            password = copy_template(*from_template, data_dir_);
        }
        if (!password) {
            password = init_cluster(account, root_, data_dir_);
        }
        password_ = *password;
        add_server_settings(data_dir_, root_);

        // The postmaster daemonises; as subreaper we inherit it and can reap it on stop.
        prctl(PR_SET_CHILD_SUBREAPER, 1);
        if (when == StartAt::later) {
            port_ = free_port();  // url() names it from now on; start() uses it
            return;
        }
        try {
            start_on_free_port();
        } catch (const PostgresServerError&) {
            if (!from_template) {
                throw;
            }
            // A template that does not start is broken: drop it and start from initdb.
            discard_template(*from_template);
            fs::remove_all(data_dir_);
            password_ = init_cluster(account, root_, data_dir_);
            add_server_settings(data_dir_, root_);
            start_on_free_port();
        }
        started();
    } catch (...) {
        stop();
        throw;
    }
}

void PostgresServer::start() {
    if (running_) {
        return;
    }
    try {
        if (std::string failure = start_on_port(); !failure.empty()) {
            fail(trimmed(failure));
        }
        started();
    } catch (...) {
        stop();
        throw;
    }
}

void PostgresServer::started() {
    postmaster_pid_ = read_postmaster_pid(data_dir_);
    if (postmaster_pid_ <= 0) {
        fail("pg_ctl reported success but postmaster.pid names no process");
    }
    running_ = true;
    start_guard();
}

PostgresServer::~PostgresServer() {
    stop();
}

void PostgresServer::start_on_free_port() {
    std::string failures;
    for (int attempt = 1; attempt <= 5; ++attempt) {
        port_ = free_port();
        std::string failure = start_on_port();
        if (failure.empty()) {
            return;
        }
        failures += failure;
        // Another process took the port between our probe and the bind: try another one.
        bool port_taken = failure.find("could not bind") != std::string::npos ||
                          failure.find("Address already in use") != std::string::npos ||
                          failure.find("could not create lock file") != std::string::npos;
        if (!port_taken) {
            break;
        }
    }
    fail(trimmed(failures));
}

std::string PostgresServer::start_on_port() {
    ServerAccount account = server_account();
    std::error_code ignored;
    auto log_size_before = fs::exists(log_file_) ? fs::file_size(log_file_, ignored) : 0;
    auto started = run_process(
        as_server_user(account, {(postgres_bin / "pg_ctl").string(), "-D", data_dir_.string(), "-l",
                                 log_file_.string(), "-o", "-p " + std::to_string(port_), "-w",
                                 "-t", "60", "-s", "start"}),
        child_options(90s));
    if (started.exit_code == 0 && !started.timed_out) {
        return {};
    }
    std::string log = read_text(log_file_);
    log.erase(0, std::min<std::size_t>(log_size_before, log.size()));
    return "\npg_ctl start on port " + std::to_string(port_) + " " + describe(started) +
           "\nserver log:\n" + trimmed(log);
}

void PostgresServer::start_guard() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        fail(std::string("pipe2 failed: ") + std::strerror(errno));
    }
    pid_t postmaster = postmaster_pid_;
    // Prepared before fork(): the child may only make async-signal-safe calls.
    const std::string root = root_.string();
    const char* remove_root[] = {"/bin/rm", "-rf", "--", root.c_str(), nullptr};
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        fail(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0) {
        // Only async-signal-safe calls here: the parent may have other threads.
        setpgid(0, 0);
        signal(SIGINT, SIG_IGN);
        signal(SIGTERM, SIG_IGN);
        signal(SIGHUP, SIG_IGN);
        signal(SIGPIPE, SIG_IGN);
        close(fds[1]);
        // Hold nothing of the parent's (connections, other guards' pipes) open.
        if (fds[0] > 3) {
            close_range(3, static_cast<unsigned>(fds[0]) - 1, 0);
        }
        close_range(static_cast<unsigned>(fds[0]) + 1, ~0U, 0);
        char byte = 0;
        ssize_t n = 0;
        do {
            n = read(fds[0], &byte, 1);
        } while (n < 0 && errno == EINTR);
        if (n == 1) {
            _exit(0);  // disarmed: the server was stopped properly
        }
        // End of file: the test process died without stopping its server.
        kill(postmaster, SIGQUIT);
        for (int i = 0; i < 50 && kill(postmaster, 0) == 0; ++i) {
            timespec pause{0, 100'000'000};
            nanosleep(&pause, nullptr);
        }
        kill(postmaster, SIGKILL);
        execv(remove_root[0], const_cast<char* const*>(remove_root));
        _exit(0);
    }
    close(fds[0]);
    guard_fd_ = fds[1];
    guard_pid_ = pid;
}

void PostgresServer::stop_guard(bool postmaster_gone) noexcept {
    if (guard_fd_ >= 0) {
        // Disarm only when the postmaster is gone; otherwise let the guard finish it off.
        if (postmaster_gone) {
            [[maybe_unused]] auto written = write(guard_fd_, "x", 1);
        }
        close(guard_fd_);
        guard_fd_ = -1;
    }
    if (guard_pid_ > 0) {
        int status = 0;
        while (waitpid(guard_pid_, &status, 0) < 0 && errno == EINTR) {
        }
        guard_pid_ = -1;
    }
}

void PostgresServer::stop() noexcept {
    // A forked child (a death test, the guard) must not stop its parent's server.
    if (getpid() != owner_pid_ || root_.empty()) {
        return;
    }
    try {
        ServerAccount account = server_account();
        pid_t pid = postmaster_pid_ > 0 ? postmaster_pid_ : read_postmaster_pid(data_dir_);
        bool gone = true;
        if (pid > 0 && process_running(pid)) {
            for (const char* mode : {"fast", "immediate"}) {
                run_process(as_server_user(account, {(postgres_bin / "pg_ctl").string(), "-D",
                                                     data_dir_.string(), "-m", mode, "-w", "-t",
                                                     "10", "-s", "stop"}),
                            child_options(20s));
                if (reap(pid, 2s)) {
                    break;
                }
            }
            if (process_running(pid)) {
                // Its backends are re-parented to us when it dies: reap them as well.
                std::vector<pid_t> backends = child_processes_of(pid);
                kill(pid, SIGKILL);
                for (pid_t backend : backends) {
                    kill(backend, SIGKILL);
                }
                for (pid_t backend : backends) {
                    reap(backend, 5s);
                }
            }
            gone = reap(pid, 10s);
        } else if (pid > 0) {
            gone = reap(pid, 1s);
        }
        stop_guard(gone);
        running_ = false;
        std::error_code ignored;
        fs::remove_all(root_, ignored);
        root_.clear();
    } catch (...) {
        // Best effort at exit: the guard still kills the postmaster if we could not.
        stop_guard(false);
    }
}

void PostgresServer::begin_smart_shutdown() const {
    auto stopping = run_process(
        as_server_user(server_account(), {(postgres_bin / "pg_ctl").string(), "-D",
                                          data_dir_.string(), "-m", "smart", "-W", "-s", "stop"}),
        child_options(20s));
    if (stopping.exit_code != 0 || stopping.timed_out) {
        throw PostgresServerError("pg_ctl stop -m smart " + describe(stopping));
    }
}

std::string PostgresServer::url(const std::string& database) const {
    return "postgres://" + user_ + ":" + password_ + "@127.0.0.1:" + std::to_string(port_) + "/" +
           database;
}

std::string PostgresServer::create_database(const std::string& name) const {
    bool plain = !name.empty() && name.size() < 64 &&
                 !std::isdigit(static_cast<unsigned char>(name[0])) &&
                 std::all_of(name.begin(), name.end(), [](char c) {
                     return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                 });
    if (!plain) {
        throw PostgresServerError("create_database: '" + name +
                                  "' is not a plain identifier (lower-case letters, digits, '_')");
    }
    psql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE);\nCREATE DATABASE " + name + ";\n");
    return url(name);
}

std::string PostgresServer::psql(const std::string& sql, const std::string& database) const {
    ProcessOptions options = child_options(60s);
    options.set_env["PGCLIENTENCODING"] = "UTF8";
    options.stdin_text = sql;
    auto result = run_process({(postgres_bin / "psql").string(), "-X", "-q", "-A", "-t", "-F", "|",
                               "-v", "ON_ERROR_STOP=1", "-h", root_.string(), "-p",
                               std::to_string(port_), "-U", user_, "-d", database, "-f", "-"},
                              options);
    if (result.exit_code != 0 || result.timed_out) {
        throw PostgresServerError("psql on database " + database + " " + describe(result) +
                                  "\nSQL: " + sql);
    }
    std::string out = result.out;
    if (!out.empty() && out.back() == '\n') {
        out.pop_back();
    }
    return out;
}

std::string PostgresServer::log_tail(std::size_t lines) const {
    std::string log = read_text(log_file_);
    std::size_t start = log.size();
    for (std::size_t seen = 0; start > 0 && seen <= lines;) {
        --start;
        if (log[start] == '\n') {
            ++seen;
        }
    }
    return trimmed(log.substr(start));
}

PostgresServer& shared_postgres() {
    static std::mutex mutex;
    static std::unique_ptr<PostgresServer> server;  // destroyed at exit, stopping the server
    static std::string failure;
    std::lock_guard lock(mutex);
    if (server) {
        return *server;
    }
    if (!failure.empty()) {
        throw PostgresServerError(failure);
    }
    try {
        server = std::make_unique<PostgresServer>();
    } catch (const std::exception& error) {
        failure = error.what();
        throw;
    }
    return *server;
}

}  // namespace deckhand::test
