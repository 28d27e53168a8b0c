// Transactions: DDL and DML roll back together, commits are seen by other connections, and a
// writer blocks other writers (for at most the lock timeout) but never readers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "deckhand/db/errors.hpp"
#include "sqlite_test_support.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

class SqliteTransaction : public ::testing::Test {
  protected:
    TempDir dir_;
    std::unique_ptr<db::Connection> connection_ = open_database(dir_ / "app.db");

    std::string count_tables(db::Connection& connection, const std::string& name) {
        return single_value(connection, "SELECT count(*) FROM sqlite_schema WHERE name = $1",
                            {name});
    }
};

TEST_F(SqliteTransaction, RollbackUndoesDdlAndDml) {
    connection_->execute_script("CREATE TABLE kept(x); INSERT INTO kept VALUES (1);");
    connection_->begin();
    EXPECT_TRUE(connection_->in_transaction());
    connection_->execute_script(
        "CREATE TABLE added(x); INSERT INTO added VALUES (1);"
        "ALTER TABLE kept ADD COLUMN y TEXT; UPDATE kept SET x = 2; INSERT INTO kept VALUES (3, "
        "'c');");
    connection_->rollback();
    EXPECT_FALSE(connection_->in_transaction());
    EXPECT_EQ(count_tables(*connection_, "added"), "0");
    auto rows = connection_->query("SELECT * FROM kept");
    EXPECT_EQ(rows.columns.size(), 1u);
    ASSERT_EQ(rows.rows.size(), 1u);
    EXPECT_EQ(rows.rows[0][0], "1");
}

TEST_F(SqliteTransaction, CommitIsSeenByAnotherConnection) {
    auto other = open_database(dir_ / "app.db");
    connection_->begin();
    connection_->execute_script("CREATE TABLE t(x); INSERT INTO t VALUES (42);");
    EXPECT_EQ(count_tables(*other, "t"), "0");
    connection_->commit();
    EXPECT_FALSE(connection_->in_transaction());
    EXPECT_EQ(single_value(*other, "SELECT x FROM t"), "42");
}

TEST_F(SqliteTransaction, RollbackWithoutATransactionDoesNothing) {
    EXPECT_FALSE(connection_->in_transaction());
    EXPECT_NO_THROW(connection_->rollback());
}

TEST_F(SqliteTransaction, CommitWithoutATransactionIsAnError) {
    EXPECT_THROW(connection_->commit(), db::DatabaseError);
}

TEST_F(SqliteTransaction, AFailedStatementLeavesTheTransactionOpenForRollback) {
    connection_->execute_script("CREATE TABLE t(x UNIQUE)");
    connection_->begin();
    connection_->query("INSERT INTO t VALUES (1)");
    EXPECT_THROW(connection_->query("INSERT INTO t VALUES (1)"), db::DatabaseError);
    EXPECT_TRUE(connection_->in_transaction());
    connection_->rollback();
    EXPECT_EQ(single_value(*connection_, "SELECT count(*) FROM t"), "0");
}

TEST_F(SqliteTransaction, AWriterDoesNotBlockReadersOfAnotherConnection) {
    connection_->execute_script("CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    auto reader = open_database(dir_ / "app.db");
    reader->set_lock_timeout(milliseconds(0));
    connection_->begin();
    connection_->query("INSERT INTO t VALUES (2)");
    EXPECT_EQ(single_value(*reader, "SELECT count(*) FROM t"), "1");
    connection_->commit();
    EXPECT_EQ(single_value(*reader, "SELECT count(*) FROM t"), "2");
}

TEST_F(SqliteTransaction, ASecondWriterGivesUpAfterTheLockTimeout) {
    auto second = open_database(dir_ / "app.db");
    connection_->begin();
    second->set_lock_timeout(milliseconds(300));
    const auto started = Clock::now();
    try {
        second->begin();
        FAIL() << "two connections began writing at once";
    } catch (const db::DatabaseError& error) {
        EXPECT_EQ(error.code(), "SQLITE_BUSY");
        EXPECT_THAT(error.what(), HasSubstr("lock timeout of 300ms"));
    }
    const auto waited = Clock::now() - started;
    EXPECT_GE(waited, milliseconds(300));
    EXPECT_LT(waited, milliseconds(3000));
    EXPECT_FALSE(second->in_transaction());
    connection_->commit();
    second->begin();
    second->rollback();
}

TEST_F(SqliteTransaction, TheStatementTimeoutAlsoBoundsWaitingForTheWriteLock) {
    auto second = open_database(dir_ / "app.db");
    connection_->begin();
    second->set_statement_timeout(milliseconds(300));
    const auto started = Clock::now();
    try {
        second->begin();
        FAIL() << "two connections began writing at once";
    } catch (const db::DatabaseError& error) {
        EXPECT_THAT(error.what(), HasSubstr("statement timeout of 300ms"));
    }
    EXPECT_LT(Clock::now() - started, milliseconds(3000));
    connection_->rollback();
}

}  // namespace
}  // namespace deckhand::test
