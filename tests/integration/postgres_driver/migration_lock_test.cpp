// The migration lock: a session-level advisory lock, exclusive across connections, taken
// without holding a transaction, and gone with its holder however the holder goes.
#include <gtest/gtest.h>

#include <regex>

#include "deckhand/db/errors.hpp"
#include "driver_test.hpp"

namespace deckhand::test {
namespace {

class MigrationLock : public PostgresDriverTest {
  protected:
    std::string backend_pid_of(const std::string& application_name) {
        return psql("SELECT pid FROM pg_stat_activity WHERE application_name = '" +
                    application_name + "'");
    }
};

TEST_F(MigrationLock, IsExclusiveAcrossConnections) {
    auto first = connect();
    auto second = connect();
    EXPECT_TRUE(first->try_lock_migrations());
    EXPECT_FALSE(second->try_lock_migrations());
    EXPECT_TRUE(first->try_lock_migrations()) << "the holder asking again still holds it";
    first->unlock_migrations();
    EXPECT_TRUE(second->try_lock_migrations());
    EXPECT_FALSE(first->try_lock_migrations());
    second->unlock_migrations();
    EXPECT_EQ(psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), "0")
        << "one unlock releases it fully";
}

TEST_F(MigrationLock, UsesTheDocumentedKeyForThisDatabase) {
    EXPECT_EQ(postgres::migration_lock_key("postgres"), postgres::migration_lock_key("postgres"));
    EXPECT_NE(postgres::migration_lock_key("app"), postgres::migration_lock_key("app2"));
    auto holder = connect();
    ASSERT_TRUE(holder->try_lock_migrations());
    const auto key = static_cast<std::uint64_t>(postgres::migration_lock_key(database_));
    EXPECT_EQ(
        psql("SELECT classid::bigint, objid::bigint FROM pg_locks WHERE locktype = 'advisory'"),
        std::to_string(key >> 32U) + "|" + std::to_string(key & 0xFFFFFFFFU));
}

TEST_F(MigrationLock, KeyNeverChangesBetweenVersions) {
    // Processes of different deckhand releases must agree on the lock: this value is fixed.
    EXPECT_EQ(postgres::migration_lock_key("postgres"), 4305381739332890898LL);
}

TEST_F(MigrationLock, WaiterHoldsNoTransactionOrSnapshot) {
    auto holder = connect("lock-holder");
    auto waiter = connect("lock-waiter");
    ASSERT_TRUE(holder->try_lock_migrations());
    for (int i = 0; i < 3; ++i) {
        EXPECT_FALSE(waiter->try_lock_migrations());
    }
    EXPECT_FALSE(waiter->in_transaction());
    EXPECT_EQ(psql("SELECT state, backend_xid IS NULL, backend_xmin IS NULL FROM pg_stat_activity "
                   "WHERE application_name = 'lock-waiter'"),
              "idle|t|t");
}

TEST_F(MigrationLock, IsRefusedInsideATransaction) {
    auto connection = connect();
    connection->begin();
    EXPECT_THROW(connection->try_lock_migrations(), db::DatabaseError);
    connection->rollback();
    EXPECT_TRUE(connection->try_lock_migrations());
}

TEST_F(MigrationLock, IsReleasedWhenTheHoldersBackendIsTerminated) {
    auto holder = connect("doomed-holder");
    auto waiter = connect();
    ASSERT_TRUE(holder->try_lock_migrations());
    ASSERT_FALSE(waiter->try_lock_migrations());
    EXPECT_EQ(psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name "
                   "= 'doomed-holder'"),
              "t");
    EXPECT_TRUE(eventually([&] { return waiter->try_lock_migrations(); }));
    // The holder's session is gone for good: no silent reconnect that would look like a lock.
    EXPECT_THROW(holder->query("SELECT 1"), db::DatabaseError);
    EXPECT_THROW(holder->query("SELECT 1"), db::DatabaseError);
}

TEST_F(MigrationLock, IsReleasedAtOnceWhenTheHolderConnectionIsDestroyed) {
    auto holder = connect();
    auto waiter = connect();
    ASSERT_TRUE(holder->try_lock_migrations());
    holder.reset();
    EXPECT_TRUE(waiter->try_lock_migrations());
}

TEST_F(MigrationLock, IsReleasedWhenAHolderInsideATransactionIsDestroyed) {
    auto holder = connect();
    auto waiter = connect();
    ASSERT_TRUE(holder->try_lock_migrations());
    holder->begin();
    holder->execute_script("CREATE TABLE unfinished (id int)");
    holder.reset();
    EXPECT_TRUE(eventually([&] { return waiter->try_lock_migrations(); }));
    EXPECT_EQ(psql("SELECT count(*) FROM pg_class WHERE relname = 'unfinished'"), "0");
}

TEST_F(MigrationLock, HolderIsDescribedByPidApplicationUserAndStart) {
    auto holder = connect("migrator-7");
    auto waiter = connect();
    EXPECT_EQ(waiter->describe_lock_holder(), "");
    ASSERT_TRUE(holder->try_lock_migrations());
    std::string description = waiter->describe_lock_holder();
    std::string pid = backend_pid_of("migrator-7");
    EXPECT_TRUE(std::regex_match(
        description, std::regex("pid " + pid +
                                R"( \(migrator-7, postgres@127\.0\.0\.1\) since \d\d:\d\d:\d\dZ)")))
        << description;
}

}  // namespace
}  // namespace deckhand::test
