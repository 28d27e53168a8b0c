// begin/commit/rollback: DDL rolls back with the transaction, a failed statement poisons the
// transaction, and misuse is refused with a sentence.
#include <gtest/gtest.h>

#include "deckhand/db/errors.hpp"
#include "driver_test.hpp"

namespace deckhand::test {
namespace {

using db::DatabaseError;

class Transactions : public PostgresDriverTest {};

TEST_F(Transactions, RollbackUndoesDdlAndData) {
    auto connection = connect();
    connection->begin();
    EXPECT_TRUE(connection->in_transaction());
    connection->execute_script(
        "CREATE TABLE temporary_idea (id int); INSERT INTO temporary_idea VALUES (1);");
    connection->query("CREATE INDEX temporary_idea_id ON temporary_idea (id)");
    connection->rollback();
    EXPECT_FALSE(connection->in_transaction());
    EXPECT_EQ(psql("SELECT count(*) FROM pg_class WHERE relname LIKE 'temporary_idea%'"), "0");
}

TEST_F(Transactions, CommitKeepsTheWorkVisibleToOthers) {
    auto connection = connect();
    connection->begin();
    connection->execute_script("CREATE TABLE kept (id int); INSERT INTO kept VALUES (1), (2);");
    EXPECT_EQ(psql("SELECT count(*) FROM pg_class WHERE relname = 'kept'"), "0");
    connection->commit();
    EXPECT_FALSE(connection->in_transaction());
    EXPECT_EQ(psql("SELECT count(*) FROM kept"), "2");
}

TEST_F(Transactions, CommitAfterAFailedStatementRollsBackAndSaysSo) {
    auto connection = connect();
    connection->execute_script("CREATE TABLE ledger (id int PRIMARY KEY)");
    connection->begin();
    connection->query("INSERT INTO ledger VALUES (1)");
    EXPECT_THROW(connection->query("INSERT INTO ledger VALUES (1)"), DatabaseError);
    EXPECT_TRUE(connection->in_transaction());
    try {
        connection->commit();
        FAIL() << "commit of a failed transaction should throw";
    } catch (const DatabaseError& error) {
        EXPECT_EQ(error.code(), "25P02");
        EXPECT_NE(std::string(error.what()).find("rolled back"), std::string::npos) << error.what();
    }
    EXPECT_FALSE(connection->in_transaction());
    EXPECT_EQ(psql("SELECT count(*) FROM ledger"), "0");
}

TEST_F(Transactions, ScriptErrorInsideATransactionLeavesItOpenForRollback) {
    auto connection = connect();
    connection->begin();
    connection->execute_script("CREATE TABLE half (id int);");
    EXPECT_THROW(connection->execute_script("INSERT INTO half VALUES ('not a number');"),
                 DatabaseError);
    EXPECT_TRUE(connection->in_transaction());
    connection->rollback();
    EXPECT_FALSE(connection->in_transaction());
    EXPECT_EQ(psql("SELECT count(*) FROM pg_class WHERE relname = 'half'"), "0");
}

TEST_F(Transactions, BeginTwiceAndCommitWithoutATransactionAreRefused) {
    auto connection = connect();
    connection->begin();
    EXPECT_THROW(connection->begin(), DatabaseError);
    connection->rollback();
    EXPECT_THROW(connection->commit(), DatabaseError);
    // Rolling back with nothing open is what cleanup paths do: it does nothing.
    EXPECT_NO_THROW(connection->rollback());
    EXPECT_FALSE(connection->in_transaction());
}

TEST_F(Transactions, ScriptsMayCarryTheirOwnTransactionControl) {
    auto connection = connect();
    connection->execute_script("BEGIN; CREATE TABLE inner_tx (id int);");
    EXPECT_TRUE(connection->in_transaction());
    connection->execute_script("COMMIT;");
    EXPECT_FALSE(connection->in_transaction());
    EXPECT_EQ(psql("SELECT count(*) FROM pg_class WHERE relname = 'inner_tx'"), "1");
}

}  // namespace
}  // namespace deckhand::test
