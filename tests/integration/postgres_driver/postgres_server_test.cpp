// The PostgreSQL test server fixture: it starts a real server quickly, answers as superuser,
// and leaves no process or folder behind, even when its owner dies without stopping it.
#include "support/postgres_server.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/temp_dir.hpp"

namespace deckhand::test {
namespace {

using namespace std::chrono_literals;

bool ends_within(pid_t pid, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (process_running(pid)) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(20ms);
    }
    return true;
}

uid_t uid_of_process(pid_t pid) {
    std::string status = read_file("/proc/" + std::to_string(pid) + "/status");
    return static_cast<uid_t>(std::stoul(status.substr(status.find("Uid:") + 4)));
}

TEST(PostgresServer, StopsItsPostmasterAndRemovesItsFolderWhenDestroyed) {
    pid_t postmaster = -1;
    std::filesystem::path root;
    {
        PostgresServer server;
        postmaster = server.postmaster_pid();
        root = server.socket_dir();
        ASSERT_TRUE(process_running(postmaster));
        EXPECT_EQ(server.psql("SELECT 40 + 2"), "42");
        // A backend that stays connected while the server stops must not survive it either.
        EXPECT_EQ(server.psql("SELECT count(*) > 0 FROM pg_stat_activity"), "t");
    }
    EXPECT_FALSE(process_running(postmaster));
    EXPECT_FALSE(std::filesystem::exists(root));
}

TEST(PostgresServer, RunsFifteenWithDurabilityOffAndScramOverTcp) {
    PostgresServer& server = shared_postgres();
    EXPECT_EQ(server.psql("SELECT current_setting('server_version_num')::int / 10000"), "15");
    EXPECT_EQ(server.psql("SHOW fsync"), "off");
    EXPECT_EQ(server.psql("SHOW synchronous_commit"), "off");
    EXPECT_EQ(
        server.psql(
            "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'postgres'"),
        "t");
    EXPECT_EQ(server.url(), "postgres://postgres:" + server.password() +
                                "@127.0.0.1:" + std::to_string(server.port()) + "/postgres");
}

TEST(PostgresServer, RunsAsAnUnprivilegedUserEvenWhenTestsRunAsRoot) {
    PostgresServer& server = shared_postgres();
    EXPECT_EQ(server.psql("SELECT current_user"), "postgres");
    uid_t uid = uid_of_process(server.postmaster_pid());
    if (geteuid() == 0) {
        EXPECT_NE(uid, 0U);
    } else {
        EXPECT_EQ(uid, geteuid());
    }
}

TEST(PostgresServer, CreatesAFreshDatabaseEachTime) {
    PostgresServer& server = shared_postgres();
    std::string url = server.create_database("fixture_fresh");
    EXPECT_EQ(url, server.url("fixture_fresh"));
    server.psql("CREATE TABLE leftover (id int)", "fixture_fresh");
    server.create_database("fixture_fresh");
    EXPECT_EQ(
        server.psql("SELECT count(*) FROM pg_class WHERE relname = 'leftover'", "fixture_fresh"),
        "0");
}

TEST(PostgresServer, ReportsTheServersErrorWhenPsqlFails) {
    PostgresServer& server = shared_postgres();
    try {
        server.psql("SELECT * FROM no_such_table");
        FAIL() << "psql should have failed";
    } catch (const PostgresServerError& error) {
        EXPECT_NE(std::string(error.what()).find("no_such_table"), std::string::npos)
            << error.what();
    }
}

TEST(PostgresServer, RejectsDatabaseNamesThatAreNotPlainIdentifiers) {
    EXPECT_THROW(shared_postgres().create_database("x; DROP DATABASE postgres"),
                 PostgresServerError);
}

// Points TMPDIR at a private folder for the lifetime of the object, so that a test can make
// and break templates without touching the one the other tests share.
class PrivateTmpdir {
  public:
    PrivateTmpdir() {
        std::string pattern = "/tmp/deckhand-fixture-XXXXXX";
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        path_ = pattern;
        chmod(path_.c_str(), 0755);  // the postgres user must reach its folders below
        const char* old = std::getenv("TMPDIR");
        if (old != nullptr) {
            old_ = old;
        }
        setenv("TMPDIR", path_.c_str(), 1);
    }
    ~PrivateTmpdir() {
        if (old_) {
            setenv("TMPDIR", old_->c_str(), 1);
        } else {
            unsetenv("TMPDIR");
        }
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    PrivateTmpdir(const PrivateTmpdir&) = delete;
    PrivateTmpdir& operator=(const PrivateTmpdir&) = delete;

    // The one template folder made below it.
    std::filesystem::path template_dir() const {
        for (const auto& entry : std::filesystem::directory_iterator(path_)) {
            std::string name = entry.path().filename().string();
            if (name.rfind("deckhand-pg-template-", 0) == 0 &&
                name.find(".tmp-") == std::string::npos) {
                return entry.path();
            }
        }
        return {};
    }

  private:
    std::filesystem::path path_;
    std::optional<std::string> old_;
};

TEST(PostgresServer, CopiesEachClusterFromATemplateOnlyItsAccountCanWrite) {
    PrivateTmpdir tmpdir;
    std::string first_password;
    {
        PostgresServer first;
        first_password = first.password();
        first.psql("CREATE TABLE only_in_first (id int)");
    }
    std::filesystem::path template_dir = tmpdir.template_dir();
    ASSERT_FALSE(template_dir.empty());
    PostgresServer second;
    struct stat info {};
    ASSERT_EQ(lstat(template_dir.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0700U);
    EXPECT_EQ(info.st_uid, uid_of_process(second.postmaster_pid()));
    EXPECT_EQ(second.password(), first_password) << "both come from the same template";
    EXPECT_EQ(second.psql("SELECT count(*) FROM pg_class WHERE relname = 'only_in_first'"), "0");
}

TEST(PostgresServer, IgnoresATemplateOthersCouldHaveWritten) {
    PrivateTmpdir tmpdir;
    std::string template_password;
    { template_password = PostgresServer().password(); }
    std::filesystem::path template_dir = tmpdir.template_dir();
    ASSERT_FALSE(template_dir.empty());
    chmod(template_dir.c_str(), 0777);
    PostgresServer server;
    EXPECT_NE(server.password(), template_password) << "the server should have run its own initdb";
    EXPECT_EQ(server.psql("SELECT 1"), "1");
    EXPECT_TRUE(std::filesystem::exists(template_dir)) << "an untrusted folder is left alone";
}

TEST(PostgresServer, ReplacesABrokenTemplateWithItsOwnInitdb) {
    PrivateTmpdir tmpdir;
    { PostgresServer warm_up; }
    std::filesystem::path template_dir = tmpdir.template_dir();
    ASSERT_FALSE(template_dir.empty());
    std::filesystem::remove_all(template_dir / "data" / "global");
    PostgresServer server;
    EXPECT_EQ(server.psql("SELECT 1"), "1");
    EXPECT_FALSE(std::filesystem::exists(template_dir)) << "the broken template is discarded";
}

TEST(PostgresServer, GuardStopsThePostmasterWhenItsOwnerIsKilled) {
    // Orphans of the killed owner (its postmaster and guard) are re-parented to us, so that we
    // can reap them rather than leave zombies to an init that may not reap.
    ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    std::vector<pid_t> children_before = child_processes_of(getpid());
    int report[2];
    ASSERT_EQ(pipe2(report, O_CLOEXEC), 0);
    pid_t owner = fork();
    ASSERT_GE(owner, 0);
    if (owner == 0) {
        close(report[0]);
        try {
            PostgresServer server;
            std::string message =
                std::to_string(server.postmaster_pid()) + " " + server.socket_dir().string();
            [[maybe_unused]] auto written = write(report[1], message.data(), message.size());
            close(report[1]);
            pause();
        } catch (...) {
        }
        _exit(1);
    }
    close(report[1]);
    std::string message;
    char buffer[512];
    for (ssize_t n; (n = read(report[0], buffer, sizeof buffer)) > 0;) {
        message.append(buffer, static_cast<std::size_t>(n));
    }
    close(report[0]);
    ASSERT_FALSE(message.empty()) << "the child could not start its server";
    pid_t postmaster = std::stoi(message);
    std::filesystem::path root = message.substr(message.find(' ') + 1);
    ASSERT_TRUE(process_running(postmaster));

    kill(owner, SIGKILL);
    waitpid(owner, nullptr, 0);
    EXPECT_TRUE(ends_within(postmaster, 10s));

    // Reap the adopted postmaster and guard; every new child must be gone within seconds.
    auto deadline = std::chrono::steady_clock::now() + 10s;
    std::vector<pid_t> left;
    do {
        left.clear();
        for (pid_t child : child_processes_of(getpid())) {
            if (std::find(children_before.begin(), children_before.end(), child) !=
                children_before.end()) {
                continue;
            }
            if (waitpid(child, nullptr, WNOHANG) != child) {
                left.push_back(child);
            }
        }
        if (!left.empty()) {
            std::this_thread::sleep_for(20ms);
        }
    } while (!left.empty() && std::chrono::steady_clock::now() < deadline);
    EXPECT_TRUE(left.empty()) << left.size() << " processes of the killed owner are still running";
    EXPECT_FALSE(std::filesystem::exists(root)) << "the guard removes the server's folder";
    std::error_code ignored;
    std::filesystem::remove_all(root, ignored);
}

}  // namespace
}  // namespace deckhand::test
