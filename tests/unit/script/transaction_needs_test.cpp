// Which statements cannot run inside a transaction, per dialect, and the cheap pre-check that
// lets the loader skip nearly every script.
#include "deckhand/script/transaction_needs.hpp"

#include <gtest/gtest.h>

namespace deckhand::script {
namespace {

std::string_view kind(std::string_view sql, SqlDialect dialect = SqlDialect::postgres) {
    auto needs = transaction_needs(sql, dialect);
    return needs.non_transactional ? needs.non_transactional->what : std::string_view("-");
}

TEST(TransactionNeeds, NamesEveryStatementPostgresRefusesInATransaction) {
    struct Case {
        const char* sql;
        const char* what;
    };
    for (const Case& c : {
             Case{"CREATE INDEX CONCURRENTLY i ON t (x)", "CREATE INDEX CONCURRENTLY"},
             Case{"create unique index concurrently i on t (x)", "CREATE INDEX CONCURRENTLY"},
             Case{"DROP INDEX CONCURRENTLY IF EXISTS i", "DROP INDEX CONCURRENTLY"},
             Case{"REINDEX TABLE CONCURRENTLY t", "REINDEX CONCURRENTLY"},
             Case{"REINDEX (VERBOSE) INDEX CONCURRENTLY i", "REINDEX CONCURRENTLY"},
             Case{"REINDEX SCHEMA public", "REINDEX SCHEMA"},
             Case{"REINDEX (VERBOSE) DATABASE app", "REINDEX DATABASE"},
             Case{"REINDEX SYSTEM app", "REINDEX SYSTEM"},
             Case{"VACUUM (ANALYZE) t", "VACUUM"},
             Case{"CLUSTER", "CLUSTER"},
             Case{"CREATE DATABASE other", "CREATE DATABASE"},
             Case{"DROP DATABASE IF EXISTS other", "DROP DATABASE"},
             Case{"ALTER DATABASE app SET TABLESPACE fast", "ALTER DATABASE SET TABLESPACE"},
             Case{"ALTER SYSTEM SET work_mem = '64MB'", "ALTER SYSTEM"},
             Case{"CREATE TABLESPACE fast LOCATION '/ssd'", "CREATE TABLESPACE"},
             Case{"DROP TABLESPACE fast", "DROP TABLESPACE"},
             Case{"CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p", "CREATE SUBSCRIPTION"},
             Case{"DROP SUBSCRIPTION s", "DROP SUBSCRIPTION"},
             Case{"ALTER SUBSCRIPTION s REFRESH PUBLICATION", "ALTER SUBSCRIPTION ... PUBLICATION"},
             Case{"ALTER TABLE m DETACH PARTITION m1 CONCURRENTLY",
                  "ALTER TABLE ... DETACH PARTITION CONCURRENTLY"},
             Case{"DISCARD ALL", "DISCARD ALL"},
         }) {
        EXPECT_EQ(kind(c.sql), c.what) << c.sql;
        EXPECT_TRUE(may_need_no_transaction(c.sql, SqlDialect::postgres)) << c.sql;
    }
}

TEST(TransactionNeeds, LeavesWhatATransactionHoldsAlone) {
    for (const char* sql : {
             "CREATE INDEX i ON t (x)",
             "REFRESH MATERIALIZED VIEW CONCURRENTLY v",
             "ANALYZE t",
             "CLUSTER t USING i",
             "REINDEX TABLE t",
             "DISCARD TEMP",
             "ALTER TABLE m DETACH PARTITION m1",
             "CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p WITH (create_slot = false)",
             "CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p WITH (connect = false)",
             "ALTER SUBSCRIPTION s SET PUBLICATION p WITH (refresh = false)",
             "ALTER TYPE mood ADD VALUE 'sad'",
             "CREATE TABLE settings (key text, value text)",
             "SELECT 'VACUUM'",
         }) {
        EXPECT_EQ(kind(sql), "-") << sql;
    }
}

TEST(TransactionNeeds, SqliteRefusesVacuumAndJournalModeInATransaction) {
    EXPECT_EQ(kind("VACUUM", SqlDialect::sqlite), "VACUUM");
    EXPECT_EQ(kind("PRAGMA main.journal_mode = WAL", SqlDialect::sqlite), "PRAGMA journal_mode");
    EXPECT_EQ(kind("PRAGMA foreign_keys = ON", SqlDialect::sqlite), "-");
    EXPECT_FALSE(
        may_need_no_transaction("CREATE INDEX CONCURRENTLY i ON t (x)", SqlDialect::sqlite));
}

TEST(TransactionNeeds, SaysWhetherAScriptMixesThem) {
    auto only = transaction_needs("VACUUM a;\n-- then\nVACUUM b;", SqlDialect::postgres);
    EXPECT_TRUE(only.none_may_run_in_one());
    EXPECT_FALSE(only.mixed());
    auto mixed = transaction_needs("CREATE TABLE t (x int);\nCREATE INDEX CONCURRENTLY i ON t (x);",
                                   SqlDialect::postgres);
    EXPECT_TRUE(mixed.mixed());
    EXPECT_EQ(mixed.non_transactional->line, 2u);
    EXPECT_EQ(*mixed.transactional_line, 1u);
    EXPECT_FALSE(transaction_needs("", SqlDialect::postgres).mixed());
}

TEST(TransactionNeeds, AnEnumValueIsNonTransactionalOnlyWhenUsedLater) {
    auto used = transaction_needs(
        "ALTER TYPE mood ADD VALUE 'sad';\nALTER TYPE mood ADD VALUE 'sadder' AFTER 'sad';\n"
        "\nINSERT INTO p VALUES ('sad');",
        SqlDialect::postgres);
    ASSERT_TRUE(used.non_transactional);
    EXPECT_EQ(used.non_transactional->what, "ALTER TYPE ... ADD VALUE");
    EXPECT_EQ(used.non_transactional->line, 1u);
    EXPECT_EQ(used.non_transactional->use_line, 4u);
    EXPECT_FALSE(transaction_needs("ALTER TYPE mood ADD VALUE 'sad';\n"
                                   "ALTER TYPE mood ADD VALUE 'sadder' AFTER 'sad';",
                                   SqlDialect::postgres)
                     .non_transactional);
}

TEST(TransactionNeeds, ThePreCheckIsFalseForOrdinaryScripts) {
    EXPECT_FALSE(may_need_no_transaction(
        "CREATE TABLE posts (id bigint PRIMARY KEY, name text NOT NULL);\n"
        "INSERT INTO posts VALUES (1, 'a'), (2, 'b');\nCREATE INDEX posts_name ON posts (name);\n",
        SqlDialect::postgres));
    EXPECT_FALSE(may_need_no_transaction("UPDATE t SET value = 1", SqlDialect::postgres));
    EXPECT_TRUE(may_need_no_transaction("alter type t add  value 'x'", SqlDialect::postgres));
}

}  // namespace
}  // namespace deckhand::script
