// `deckhand sql FILE`: an ad-hoc script in one transaction, its rows shown, a dry run that
// changes nothing, and a failure that names the file and line and undoes everything.
#include "commands/sql_command.hpp"

#include <gtest/gtest.h>

#include "deckhand/errors.hpp"
#include "plugin_fixture.hpp"

namespace deckhand::test {
namespace {

using namespace std::string_literals;

class SqlCommand : public PluginTest {
  protected:
    int run_sql(const std::vector<std::string>& args) {
        auto command = tasks::make_sql_command();
        return run(*command, args);
    }
};

DECKHAND_ON_SQLITE_AND_POSTGRES(SqlCommand);

TEST_P(SqlCommand, RunsAScriptInOneTransactionAndShowsItsRows) {
    create_blog_posts();
    const auto file = write("fix.sql",
                            "INSERT INTO blog_posts (title) VALUES ('a');\n"
                            "INSERT INTO blog_posts (title) VALUES ('b');\n"
                            "SELECT title FROM blog_posts ORDER BY title;\n");
    EXPECT_EQ(run_sql({file.string()}), 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "2");
    const std::string out = context().output();
    EXPECT_NE(out.find("title\na\nb\n(2 rows)\n"), std::string::npos) << out;
    EXPECT_NE(out.find(": 2 rows affected; committed"), std::string::npos) << out;
}

TEST_P(SqlCommand, ADryRunReportsAndLeavesNoChange) {
    create_blog_posts();
    exec("INSERT INTO blog_posts (title) VALUES ('keep')");
    const auto file = write("purge.sql", "DELETE FROM blog_posts;\n");
    EXPECT_EQ(run_sql({file.string(), "--dry-run"}), 0);
    EXPECT_NE(context().output().find("1 row affected; dry run, rolled back: nothing changed"),
              std::string::npos)
        << context().output();
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "1");
}

TEST_P(SqlCommand, LoadsCopyDataOnPostgresNamingTheLineOfABadRow) {
    create_blog_posts();
    const auto file = write("load.sql",
                            "COPY blog_posts (title) FROM stdin;\n"
                            "it's one\n"
                            "two\n"
                            "\\.\n"
                            "SELECT count(*) FROM blog_posts;\n");
    if (!on_postgres()) {
        try {
            run_sql({file.string()});
            ADD_FAILURE() << "COPY ran on SQLite";
        } catch (const ConfigError& error) {
            EXPECT_EQ(std::string(error.what())
                          .rfind(file.string() + ":1: COPY ... FROM STDIN is "
                                                 "PostgreSQL's",
                                 0),
                      0u)
                << error.what();
        }
        return;
    }
    EXPECT_EQ(run_sql({file.string()}), 0);
    EXPECT_EQ(scalar("SELECT string_agg(title, ',' ORDER BY title) FROM blog_posts"),
              "it's one,two");
    const auto bad = write("bad_load.sql", "COPY blog_posts (title) FROM stdin;\nok\nx\ty\n\\.\n");
    try {
        run_sql({bad.string()});
        ADD_FAILURE() << "the script should have failed";
    } catch (const WorkFailed& error) {
        EXPECT_EQ(std::string(error.what())
                      .rfind(bad.string() + ":3: extra data after last "
                                            "expected column",
                             0),
                  0u)
            << error.what();
    }
}

TEST_P(SqlCommand, RefusesPsqlMetaCommands) {
    create_blog_posts();
    const auto file = write("meta.sql", "INSERT INTO blog_posts (title) VALUES ('a');\n\\gexec\n");
    try {
        run_sql({file.string()});
        ADD_FAILURE() << "the script should have been refused";
    } catch (const ConfigError& error) {
        EXPECT_EQ(std::string(error.what()).rfind(file.string() + ":2: \\gexec is a psql", 0), 0u)
            << error.what();
    }
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "0");
}

TEST_P(SqlCommand, AFailureNamesFileAndLineAndUndoesEverything) {
    create_blog_posts();
    const auto file = write("bad.sql",
                            "INSERT INTO blog_posts (title) VALUES ('gone');\n"
                            "SELECT 1;\n"
                            "SELECT no_such_column FROM blog_posts;\n");
    try {
        run_sql({file.string()});
        ADD_FAILURE() << "the script should have failed";
    } catch (const WorkFailed& error) {
        EXPECT_EQ(std::string(error.what()).rfind(file.string() + ":3: ", 0), 0u) << error.what();
        EXPECT_NE(std::string(error.what()).find("no_such_column"), std::string::npos);
    }
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "0");
}

TEST_P(SqlCommand, ANulByteIsRefusedNamingFileAndLineBeforeConnecting) {
    create_blog_posts();
    const int opened = context().databases_opened();
    const auto file = write("nul.sql",
                            "INSERT INTO blog_posts (title) VALUES ('a');\n"
                            "SELECT 1;\0\n"
                            "DELETE FROM blog_posts;\n"s);
    try {
        run_sql({file.string()});
        ADD_FAILURE() << "the script should have been refused";
    } catch (const ConfigError& error) {
        EXPECT_EQ(
            std::string(error.what()).rfind(file.string() + ":2: the script holds a NUL byte", 0),
            0u)
            << error.what();
    }
    EXPECT_EQ(context().databases_opened(), opened);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "0");
}

TEST_P(SqlCommand, AMissingFileIsAConfigurationErrorBeforeConnecting) {
    EXPECT_THROW(run_sql({(root() / "nope.sql").string()}), ConfigError);
    EXPECT_EQ(context().databases_opened(), 0);
}

}  // namespace
}  // namespace deckhand::test
