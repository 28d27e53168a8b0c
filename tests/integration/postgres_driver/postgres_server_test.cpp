// The PostgreSQL test server fixture: it starts a real server quickly, answers as superuser,
// and leaves no process or folder behind, even when its owner dies without stopping it.
#include "support/postgres_server.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "support/temp_dir.hpp"

namespace deckhand::test {
namespace {

using namespace std::chrono_literals;

bool ends_within(pid_t pid, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (process_running(pid)) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(20ms);
    }
    return true;
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
    std::string status = read_file("/proc/" + std::to_string(server.postmaster_pid()) + "/status");
    auto uid_line = status.substr(status.find("Uid:"));
    int uid = std::stoi(uid_line.substr(4));
    if (geteuid() == 0) {
        EXPECT_NE(uid, 0);
    } else {
        EXPECT_EQ(uid, static_cast<int>(geteuid()));
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
    std::filesystem::remove_all(root);

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
            if (waitpid(child, nullptr, WNOHANG) != child) left.push_back(child);
        }
        if (!left.empty()) std::this_thread::sleep_for(20ms);
    } while (!left.empty() && std::chrono::steady_clock::now() < deadline);
    EXPECT_TRUE(left.empty()) << left.size() << " processes of the killed owner are still running";
}

}  // namespace
}  // namespace deckhand::test
