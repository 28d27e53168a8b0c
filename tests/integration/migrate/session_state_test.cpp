// Session state that scripts change stays inside the script (PostgreSQL): SET ROLE to a role with
// no right on the history table, SET SESSION AUTHORIZATION, SET search_path to an empty schema
// (plain SET and set_config(..., false)), and deckhand's own statement and lock timeouts that a
// script lowers or lifts. Each case failed before deckhand restored the session after every
// script: the history insert ran as the script's role or searched the script's schema.
#include <gmock/gmock.h>

#include "migrate_fixture.hpp"
#include "support/postgres_server.hpp"

namespace deckhand::test {
namespace {

class SessionStateTest : public MigrateTest {
  protected:
    std::string schema() { return scalar("SELECT current_schema()"); }
    // A role that may create tables in this test's schema and has no right on anything else,
    // the history table included (roles are cluster-wide: named after the schema).
    std::string owner_role() {
        std::string role = "o_" + schema().substr(0, 50);
        db().execute_script("CREATE ROLE " + role + " NOLOGIN; GRANT USAGE, CREATE ON SCHEMA " +
                            schema() + " TO " + role);
        return role;
    }
    std::string owner_of(const std::string& table) {
        return scalar(
            "SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename "
            "= '" +
            table + "'");
    }
    // An empty schema beside this test's.
    std::string empty_schema() {
        std::string name = "e_" + schema().substr(0, 50);
        db().execute_script("CREATE SCHEMA " + name);
        return name;
    }
};

INSTANTIATE_TEST_SUITE_P(Postgres, SessionStateTest, ::testing::Values(Backend::postgres),
                         backend_name);

TEST_P(SessionStateTest, AScriptsSetRoleDoesNotReachItsHistoryRowOrTheNextScript) {
    const std::string role = owner_role();
    const std::string me = scalar("SELECT current_user");
    write("V1__as_owner.sql", "SET ROLE " + role + ";\nCREATE TABLE owned_by_app (x integer);\n");
    write("V2__as_migrator.sql", "CREATE TABLE owned_by_migrator (x integer);\n");
    auto result = run_migrate();
    ASSERT_EQ(result.applied.size(), 2u);
    EXPECT_EQ(owner_of("owned_by_app"), role);
    EXPECT_EQ(owner_of("owned_by_migrator"), me);
    auto rows = history();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].installed_by, me);
    EXPECT_TRUE(rows[0].success);
}

TEST_P(SessionStateTest, AMigratorThatIsNoSuperuserGetsItsOwnRoleBack) {
    // The usual production set-up: a login role for migrations that may become the owner role.
    const std::string owner = owner_role();
    const std::string migrator = "m_" + schema().substr(0, 50);
    db().execute_script("CREATE ROLE " + migrator + " LOGIN PASSWORD 'migrator-pw'; GRANT " +
                        owner + " TO " + migrator + "; GRANT USAGE, CREATE ON SCHEMA " + schema() +
                        " TO " + migrator);
    const auto& server = shared_postgres();
    auto connection = open_url("postgres://" + migrator +
                               ":migrator-pw@127.0.0.1:" + std::to_string(server.port()) +
                               "/deckhand_migrate_tests?options=-csearch_path%3D" + schema());
    write("V1__as_owner.sql", "SET ROLE " + owner + ";\nCREATE TABLE owned (x integer);\n");
    write("V2__as_migrator.sql", "CREATE TABLE mine (x integer);\n");
    ASSERT_EQ(run_migrate(*connection, {}).applied.size(), 2u);
    EXPECT_EQ(owner_of("owned"), owner);
    EXPECT_EQ(owner_of("mine"), migrator);
    EXPECT_EQ(value(*connection,
                    "SELECT installed_by FROM deckhand_schema_history WHERE "
                    "installed_rank = 2"),
              migrator);
}

TEST_P(SessionStateTest, SetSessionAuthorizationAndRoleInANoTransactionScriptAreUndone) {
    const std::string role = owner_role();
    const std::string me = scalar("SELECT current_user");
    write("V1__authorization.sql",
          "SET SESSION AUTHORIZATION " + role + ";\nCREATE TABLE t1 (x integer);\n");
    write("V2__no_transaction.sql",
          "-- deckhand:no-transaction\nSET ROLE " + role + ";\nCREATE TABLE t2 (x integer);\n");
    write("V3__after.sql", "CREATE TABLE t3 (x integer);\n");
    auto result = run_migrate();
    ASSERT_EQ(result.applied.size(), 3u);
    EXPECT_EQ(owner_of("t1"), role);
    EXPECT_EQ(owner_of("t2"), role);
    EXPECT_EQ(owner_of("t3"), me);
    EXPECT_EQ(history().size(), 3u);
    // The session itself is back as it connected.
    EXPECT_EQ(scalar("SELECT session_user || ' ' || current_user"), me + " " + me);
}

TEST_P(SessionStateTest, ASearchPathToAnEmptySchemaDoesNotMoveTheHistoryOrTheNextScript) {
    const std::string other = empty_schema();
    write("V1__elsewhere.sql",
          "SET search_path TO " + other + ";\nCREATE TABLE in_other (x integer);\n");
    write("V2__here.sql", "CREATE TABLE in_own (x integer);\n");
    write("V3__set_config.sql", "SELECT set_config('search_path', '" + other +
                                    "', false);\nCREATE TABLE in_other_too (x integer);\n");
    write("V4__here_again.sql", "CREATE TABLE in_own_too (x integer);\n");
    write("V5__no_transaction.sql",
          "-- deckhand:no-transaction\nSET search_path TO " + other + ";\n");
    write("R__view.sql", "CREATE OR REPLACE VIEW own_view AS SELECT x FROM in_own;\n");
    auto result = run_migrate();
    ASSERT_EQ(result.applied.size(), 6u);
    const std::string own = schema();
    auto schema_of = [&](const std::string& table) {
        return scalar("SELECT string_agg(schemaname, ',') FROM pg_tables WHERE tablename = '" +
                      table + "' AND schemaname IN ('" + own + "', '" + other + "')");
    };
    EXPECT_EQ(schema_of("in_other"), other);
    EXPECT_EQ(schema_of("in_other_too"), other);
    EXPECT_EQ(schema_of("in_own"), own);
    EXPECT_EQ(schema_of("in_own_too"), own);
    EXPECT_EQ(scalar("SELECT schemaname FROM pg_views WHERE viewname = 'own_view'"), own);
    EXPECT_EQ(history().size(), 6u);
    EXPECT_EQ(schema_of("deckhand_schema_history"), own);
}

TEST_P(SessionStateTest, DeckhandsOwnTimeoutsHoldForTheScriptAfterOneThatChangedThem) {
    write("V1__short_timeout.sql", "SET statement_timeout = '1ms';\nSET lock_timeout = 0;\n");
    write("V2__slow.sql",
          "CREATE TABLE seen AS SELECT current_setting('statement_timeout') AS statement_timeout, "
          "current_setting('lock_timeout') AS lock_timeout;\n"
          "SELECT pg_sleep(0.2);\n");
    migrate::MigrateOptions options;
    options.statement_timeout = std::chrono::seconds(30);
    auto result = run_migrate(options);
    ASSERT_EQ(result.applied.size(), 2u);
    EXPECT_EQ(scalar("SELECT statement_timeout || ' ' || lock_timeout FROM seen"), "30s 10s");
}

TEST_P(SessionStateTest, ReadOnlyTransactionsAskedForByAScriptEndWithIt) {
    write("V1__read_only.sql", "SET default_transaction_read_only = on;\n");
    write("V2__write.sql", "CREATE TABLE written (x integer);\n");
    auto result = run_migrate();
    ASSERT_EQ(result.applied.size(), 2u);
    EXPECT_TRUE(table_exists("written"));
}

TEST_P(SessionStateTest, ScriptsThatDropThePreparedStatementsDoNotBreakTheHistoryRowsAfterThem) {
    // deckhand prepares its own statements once they repeat (the restore, the history row);
    // DEALLOCATE ALL inside a script's transaction, or DISCARD ALL outside one, takes them away.
    write_table_scripts(1, 3);
    write("V4__deallocate.sql", "DEALLOCATE ALL;\nCREATE TABLE t4 (x integer);\n");
    write("V5__after.sql", "CREATE TABLE t5 (x integer);\n");
    write("V6__discard.sql", "-- deckhand:no-transaction\nDISCARD ALL;\n");
    write("V7__deallocate_again.sql", "DEALLOCATE ALL;\nCREATE TABLE t7 (x integer);\n");
    write("V8__last.sql", "CREATE TABLE t8 (x integer);\n");
    auto result = run_migrate();
    EXPECT_EQ(result.applied.size(), 8u);
    const auto rows = history();
    ASSERT_EQ(rows.size(), 8u);
    for (const auto& row : rows) {
        EXPECT_TRUE(row.success) << row.script;
    }
}

}  // namespace
}  // namespace deckhand::test
