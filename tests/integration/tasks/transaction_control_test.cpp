// Tasks and `deckhand sql` run in deckhand's own transaction: a script that would end it
// (COMMIT, BEGIN, ROLLBACK, ...) is refused before anything runs, naming file and line, and a
// statement that ends it anyway is reported as it is, not as "nothing changed".
#include <gtest/gtest.h>

#include "commands/sql_command.hpp"
#include "commands/task_command.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/script/checksum.hpp"
#include "deckhand/tasks/script_execution.hpp"
#include "plugin_fixture.hpp"

namespace deckhand::test {
namespace {

class TransactionControl : public PluginTest {
  protected:
    void SetUp() override {
        PluginTest::SetUp();
        create_blog_posts();
        exec("INSERT INTO blog_posts (title) VALUES ('before')");
    }

    // The ConfigError's message that `run_it` throws, or "" (with a failure) when it throws none.
    template <typename Run>
    static std::string refusal(const Run& run_it) {
        try {
            run_it();
        } catch (const ConfigError& error) {
            return error.what();
        }
        ADD_FAILURE() << "the script was not refused";
        return "";
    }

    int run_sql(const std::vector<std::string>& args) {
        auto command = tasks::make_sql_command();
        return run(*command, args);
    }

    std::unique_ptr<Command> task(const std::string& file, const std::string& text) {
        const auto path = write("commands/" + file, text);
        auto definition =
            tasks::parse_task(script::normalize_script_text(text), path, "commands/" + file);
        EXPECT_TRUE(definition.has_value());
        return tasks::make_task_command(std::move(*definition));
    }

    std::string titles() {
        return scalar(on_postgres()
                          ? "SELECT string_agg(title, ',' ORDER BY id) FROM blog_posts"
                          : "SELECT group_concat(title, ',') FROM (SELECT title FROM blog_posts "
                            "ORDER BY id)");
    }
};

DECKHAND_ON_SQLITE_AND_POSTGRES(TransactionControl);

TEST_P(TransactionControl, ADryRunWithCommitIsRefusedBeforeAnythingRuns) {
    const auto file = write("fix.sql",
                            "UPDATE blog_posts SET title = 'changed';\n"
                            "COMMIT;\n"
                            "SELECT 1;\n");
    const std::string message = refusal([&] { run_sql({file.string(), "--dry-run"}); });
    EXPECT_EQ(message, file.string() +
                           ":2: 'COMMIT' controls transactions, but deckhand runs this script in a "
                           "transaction of its own; remove it: the whole script is committed at "
                           "its end, or none of it is");
    EXPECT_EQ(titles(), "before");
    EXPECT_EQ(context().output(), "");
}

TEST_P(TransactionControl, EveryWayOfStartingOrEndingATransactionIsRefusedInSql) {
    const std::vector<std::string> controls = {"BEGIN",           "BEGIN TRANSACTION",
                                               "COMMIT",          "END",
                                               "ROLLBACK",        "ABORT",
                                               "commit work",     "START TRANSACTION",
                                               "ROLLBACK WORK",   "END TRANSACTION",
                                               "COMMIT AND CHAIN"};
    std::vector<std::string> all = controls;
    if (on_postgres()) {
        all.push_back("PREPARE TRANSACTION 'x'");
    } else {
        all.insert(all.end(), {"BEGIN IMMEDIATE", "BEGIN EXCLUSIVE", "BEGIN DEFERRED"});
    }
    for (const auto& control : all) {
        const auto file = write("c.sql", "UPDATE blog_posts SET title = 'changed';\n\n/* why */ " +
                                             control + ";\nSELECT 1;\n");
        const std::string message = refusal([&] { run_sql({file.string()}); });
        EXPECT_EQ(message.rfind(file.string() + ":3: '", 0), 0u) << control << ": " << message;
        EXPECT_EQ(titles(), "before") << control;
    }
}

TEST_P(TransactionControl, SavepointsStayInsideTheTransactionAndAreAllowed) {
    const auto file = write("sp.sql",
                            "SAVEPOINT a;\n"
                            "UPDATE blog_posts SET title = 'undone';\n"
                            "ROLLBACK TO SAVEPOINT a;\n"
                            "SAVEPOINT b;\n"
                            "UPDATE blog_posts SET title = 'kept';\n"
                            "RELEASE SAVEPOINT b;\n"
                            "SAVEPOINT c;\n"
                            "ROLLBACK TRANSACTION TO c;\n");
    EXPECT_EQ(run_sql({file.string()}), 0);
    EXPECT_EQ(titles(), "kept");
}

TEST_P(TransactionControl, AFailingTaskWithCommitIsRefusedAndChangesNothing) {
    auto command = task("rename.sql",
                        "-- deckhand:command rename-posts\n"
                        "UPDATE blog_posts SET title = 'changed';\n"
                        "COMMIT;\n"
                        "SELECT 1/0;\n");
    const std::string message = refusal([&] { run(*command, {}); });
    EXPECT_EQ(message.rfind("commands/rename.sql:3: 'COMMIT' controls transactions", 0), 0u)
        << message;
    EXPECT_EQ(titles(), "before");
}

TEST_P(TransactionControl, AReadOnlyTaskWithCommitIsRefused) {
    auto command = task("report.sql",
                        "-- deckhand:command report\n"
                        "-- deckhand:read-only\n"
                        "commit;\n"
                        "UPDATE blog_posts SET title = 'changed';\n");
    const std::string message = refusal([&] { run(*command, {}); });
    EXPECT_EQ(message.rfind("commands/report.sql:3: 'commit' controls transactions", 0), 0u)
        << message;
    EXPECT_EQ(titles(), "before");
}

TEST_P(TransactionControl, AStatementThatEndsTheTransactionAnywayIsReportedTruthfully) {
    // What the refusal above keeps out, given to the runner directly: the runner itself looks
    // at the transaction after every statement.
    std::vector<tasks::BoundStatement> statements(3);
    statements[0].sql = "UPDATE blog_posts SET title = 'changed'";
    statements[0].line = 1;
    statements[1].sql = "COMMIT";
    statements[1].line = 2;
    statements[2].sql = "UPDATE blog_posts SET title = 'never'";
    statements[2].line = 3;
    auto connection = connect();
    try {
        tasks::run_in_transaction(*connection, statements, "x.sql", /*dry_run=*/true,
                                  context().cancellation());
        ADD_FAILURE() << "the run should have failed";
    } catch (const WorkFailed& error) {
        const std::string message = error.what();
        EXPECT_EQ(message.rfind("x.sql:2: this statement ended the transaction", 0), 0u) << message;
        EXPECT_NE(message.find("may be committed (even in a dry run)"), std::string::npos)
            << message;
        EXPECT_EQ(message.find("nothing changed"), std::string::npos) << message;
    }
    EXPECT_FALSE(connection->in_transaction());
    connection.reset();
    EXPECT_EQ(titles(), "changed");  // what the message said may have happened, did
}

}  // namespace
}  // namespace deckhand::test
