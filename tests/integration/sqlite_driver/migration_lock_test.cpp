// The migration lock: one holder per database file across connections and processes, named
// while held, and gone when its holder process is killed.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sqlite_test_support.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// Both ends of a pipe, closed on destruction.
struct Pipe {
    int read_end = -1;
    int write_end = -1;
    Pipe() {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe2 failed");
        }
        read_end = fds[0];
        write_end = fds[1];
    }
    ~Pipe() {
        if (read_end >= 0) {
            close(read_end);
        }
        if (write_end >= 0) {
            close(write_end);
        }
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
};

// A forked child that opens the database, takes the migration lock, reports 'L' (or 'F' when
// it could not) and then waits to be killed. Killed and reaped on destruction if still alive.
class LockHolderProcess {
  public:
    explicit LockHolderProcess(const std::filesystem::path& database) {
        Pipe report;
        pid_ = fork();
        if (pid_ < 0) {
            throw std::runtime_error("fork failed");
        }
        if (pid_ == 0) {
            run_child(database, report.write_end);  // never returns
        }
        close(report.write_end);
        report.write_end = -1;
        char answer = 0;
        ready_ = read(report.read_end, &answer, 1) == 1 && answer == 'L';
    }
    ~LockHolderProcess() { kill_and_reap(); }
    LockHolderProcess(const LockHolderProcess&) = delete;
    LockHolderProcess& operator=(const LockHolderProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool holds_lock() const { return ready_; }

    // SIGKILL, then wait until the kernel has torn the process down (and closed its files).
    int kill_and_reap() {
        if (pid_ <= 0) {
            return -1;
        }
        kill(pid_, SIGKILL);
        int status = 0;
        while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
        return status;
    }

  private:
    [[noreturn]] static void run_child(const std::filesystem::path& database, int report) {
        char answer = 'F';
        try {
            auto connection = open_database(database);
            if (connection->try_lock_migrations()) {
                answer = 'L';
            }
            if (write(report, &answer, 1) != 1) {
                _exit(1);
            }
            // Hold the lock (and the connection) until killed.
            for (;;) {
                pause();
            }
        } catch (...) {
            [[maybe_unused]] auto written = write(report, &answer, 1);
        }
        _exit(1);
    }

    pid_t pid_ = -1;
    bool ready_ = false;
};

TEST(SqliteMigrationLock, ASecondConnectionCannotTakeItWhileTheFirstHoldsIt) {
    TempDir dir;
    auto first = open_database(dir / "app.db");
    auto second = open_database(dir / "app.db");
    ASSERT_TRUE(first->try_lock_migrations());
    EXPECT_TRUE(first->try_lock_migrations()) << "taking it again while holding it";
    EXPECT_FALSE(second->try_lock_migrations());
    first->unlock_migrations();
    EXPECT_TRUE(second->try_lock_migrations());
    EXPECT_FALSE(first->try_lock_migrations());
    second->unlock_migrations();
}

TEST(SqliteMigrationLock, ClosingTheConnectionReleasesIt) {
    TempDir dir;
    auto first = open_database(dir / "app.db");
    auto second = open_database(dir / "app.db");
    ASSERT_TRUE(first->try_lock_migrations());
    first.reset();
    EXPECT_TRUE(second->try_lock_migrations());
}

TEST(SqliteMigrationLock, DoesNotBlockOtherWorkOnTheDatabase) {
    TempDir dir;
    auto holder = open_database(dir / "app.db");
    auto other = open_database(dir / "app.db");
    ASSERT_TRUE(holder->try_lock_migrations());
    holder->execute_script("CREATE TABLE migrated(x)");
    other->execute_script("INSERT INTO migrated VALUES (1)");
    EXPECT_EQ(single_value(*holder, "SELECT count(*) FROM migrated"), "1");
}

TEST(SqliteMigrationLock, TheHolderIsDescribedWithItsProcessIdUserAndStartTime) {
    TempDir dir;
    auto holder = open_database(dir / "app.db");
    auto waiter = open_database(dir / "app.db");
    EXPECT_EQ(waiter->describe_lock_holder(), "");
    ASSERT_TRUE(holder->try_lock_migrations());
    const std::string description = waiter->describe_lock_holder();
    EXPECT_THAT(description, HasSubstr("pid " + std::to_string(getpid()) + " ("));
    EXPECT_THAT(description, HasSubstr(holder->current_user() + "@"));
    EXPECT_THAT(description, MatchesRegex(".* since [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"));
    holder->unlock_migrations();
    EXPECT_EQ(waiter->describe_lock_holder(), "");
}

TEST(SqliteMigrationLock, UsesASidecarFileOnlyWhileItIsHeld) {
    TempDir dir;
    auto connection = open_database(dir / "app.db");
    EXPECT_FALSE(std::filesystem::exists(dir / "app.db.deckhand-lock"));
    ASSERT_TRUE(connection->try_lock_migrations());
    EXPECT_TRUE(std::filesystem::exists(dir / "app.db.deckhand-lock"));
    connection->unlock_migrations();
    EXPECT_FALSE(std::filesystem::exists(dir / "app.db.deckhand-lock"));
}

TEST(SqliteMigrationLock, AWaiterTakesItAfterTheHolderDeletedTheFile) {
    TempDir dir;
    auto holder = open_database(dir / "app.db");
    auto waiter = open_database(dir / "app.db");
    ASSERT_TRUE(holder->try_lock_migrations());
    EXPECT_FALSE(waiter->try_lock_migrations());
    holder->unlock_migrations();
    ASSERT_TRUE(waiter->try_lock_migrations());
    EXPECT_FALSE(holder->try_lock_migrations());  // the new file is locked as firmly
    EXPECT_THAT(holder->describe_lock_holder(), HasSubstr("pid " + std::to_string(getpid())));
    waiter->unlock_migrations();
    EXPECT_FALSE(std::filesystem::exists(dir / "app.db.deckhand-lock"));
}

TEST(SqliteMigrationLock, AnotherProcessHoldingItIsNamedByItsPid) {
    TempDir dir;
    LockHolderProcess holder(dir / "app.db");
    ASSERT_TRUE(holder.holds_lock());
    auto connection = open_database(dir / "app.db");
    EXPECT_FALSE(connection->try_lock_migrations());
    EXPECT_THAT(connection->describe_lock_holder(),
                HasSubstr("pid " + std::to_string(holder.pid()) + " ("));
}

TEST(SqliteMigrationLock, AHolderProcessKilledWithSigkillLeavesNoStaleLock) {
    TempDir dir;
    LockHolderProcess holder(dir / "app.db");
    ASSERT_TRUE(holder.holds_lock());
    auto connection = open_database(dir / "app.db");
    ASSERT_FALSE(connection->try_lock_migrations());
    const pid_t holder_pid = holder.pid();

    const int status = holder.kill_and_reap();
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGKILL);

    // The dead holder never cleared its note; it must not be reported as holding the lock.
    EXPECT_EQ(connection->describe_lock_holder(), "");
    EXPECT_TRUE(connection->try_lock_migrations());
    EXPECT_THAT(connection->describe_lock_holder(),
                HasSubstr("pid " + std::to_string(getpid()) + " ("));
    EXPECT_THAT(connection->describe_lock_holder(),
                ::testing::Not(HasSubstr("pid " + std::to_string(holder_pid) + " ")));
}

TEST(SqliteMigrationLock, AnInMemoryDatabaseAlwaysGetsIt) {
    auto connection = open_memory_database();
    EXPECT_TRUE(connection->try_lock_migrations());
    EXPECT_TRUE(connection->try_lock_migrations());
    connection->unlock_migrations();
    EXPECT_EQ(connection->describe_lock_holder(), "");
}

}  // namespace
}  // namespace deckhand::test
