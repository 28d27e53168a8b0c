// COPY ... FROM STDIN with its data inline, as pg_dump writes it: the driver sends the data
// through libpq's COPY protocol, and a script split by deckhand loads exactly what psql loads
// from the same file. Errors in the data name the line of the data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "deckhand/db/errors.hpp"
#include "deckhand/script/run_statement.hpp"
#include "deckhand/script/splitter.hpp"
#include "driver_test.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;

class CopyFromStdin : public PostgresDriverTest {
  protected:
    // Runs `script` as deckhand does: split, each statement through run_statement.
    static void run_script(db::Connection& connection, const std::string& script) {
        for (const auto& statement :
             script::split_statements(script, script::SqlDialect::postgres)) {
            script::run_statement(connection, script, statement, script::SqlDialect::postgres);
        }
    }

    // The error `script` raises, with its offset in the script turned into a line.
    static std::string failure(db::Connection& connection, const std::string& script) {
        try {
            run_script(connection, script);
        } catch (const db::DatabaseError& error) {
            std::string line = "?";
            if (const auto offset = error.offset()) {
                line = std::to_string(1 + std::count(script.begin(),
                                                     script.begin() + static_cast<long>(*offset),
                                                     '\n'));
            }
            return line + ": " + error.what();
        }
        return "(no error)";
    }

    // Loads `script` (which fills table `t`) once through psql into table `by_psql` and once
    // through deckhand into `by_deckhand`, and expects the same rows.
    void expect_same_rows_as_psql(const std::string& create, const std::string& script) {
        auto connection = connect();
        connection->execute_script(create);
        psql(script);
        connection->execute_script("ALTER TABLE t RENAME TO by_psql;\n" + create);
        run_script(*connection, script);
        connection->execute_script("ALTER TABLE t RENAME TO by_deckhand;");
        const std::string rows = psql(
            "SELECT count(*) FROM by_psql;"
            "SELECT count(*) FROM (TABLE by_psql EXCEPT ALL TABLE by_deckhand) AS missing;"
            "SELECT count(*) FROM (TABLE by_deckhand EXCEPT ALL TABLE by_psql) AS extra;");
        EXPECT_THAT(rows, ::testing::EndsWith("\n0\n0")) << rows;
        EXPECT_NE(rows.substr(0, 2), "0\n") << "psql loaded no rows";
    }
};

TEST_F(CopyFromStdin, LoadsPgDumpTextDataAsPsqlDoes) {
    // Tabs between columns, \N for NULL, backslash escapes, empty strings, quotes, "--", "/*"
    // and "${...}" inside values, non-ASCII text.
    expect_same_rows_as_psql(
        "CREATE TABLE t (id int PRIMARY KEY, name text, note text, tags text[]);",
        "SET client_encoding = 'UTF8';\n"
        "COPY public.t (id, name, note, tags) FROM stdin;\n"
        "1\tplain\t\\N\t{a,b}\n"
        "2\t\t\t{}\n"
        "3\tit's; here\t-- not a comment /* nor this */\t\\N\n"
        "4\ttab\\there\tnew\\nline and back\\\\slash\t{\"x y\"}\n"
        "5\tdollar $$ body $x$\t${placeholder}\t\\N\n"
        "6\tgrüße 日本\t\\x41\\101\t\\N\n"
        "\\.\n"
        "SELECT 1;\n");
}

TEST_F(CopyFromStdin, LoadsCsvWithAHeaderAndQuotedNewlinesAsPsqlDoes) {
    expect_same_rows_as_psql("CREATE TABLE t (a int, b text, c text);",
                             "COPY t (a, b, c) FROM STDIN WITH (FORMAT csv, HEADER true);\n"
                             "a,b,c\n"
                             "1,\"comma, inside\",\"\"\n"
                             "2,\"two\nlines\",\n"
                             "3,\"quote \"\" here\",\\N\n"
                             "\\.\n"
                             "copy t from stdin with csv;\n"
                             "4,old syntax,x\n"
                             "\\.\n");
}

TEST_F(CopyFromStdin, LoadsCrlfDataLinesAsPsqlDoes) {
    expect_same_rows_as_psql("CREATE TABLE t (a int, b text);",
                             "COPY t FROM stdin;\r\n1\tone\r\n2\t\\N\r\n3\t\r\n\\.\r\n"
                             "COPY t FROM stdin WITH (FORMAT csv);\r\n4,four\r\n\\.\r\n");
}

TEST_F(CopyFromStdin, LoadsAHundredThousandRows) {
    std::string script = "COPY t (id, name) FROM stdin;\n";
    for (int i = 1; i <= 100000; ++i) {
        script += std::to_string(i) + "\tname number " + std::to_string(i) + "\n";
    }
    script += "\\.\nINSERT INTO t VALUES (0, 'after');\n";
    auto connection = connect();
    connection->execute_script("CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL);");
    connection->begin();
    run_script(*connection, script);
    connection->commit();
    EXPECT_EQ(psql("SELECT count(*), sum(id), max(name) FROM t"),
              "100001|5000050000|name number 99999");
}

TEST_F(CopyFromStdin, LoadsNoRowsFromEmptyData) {
    auto connection = connect();
    connection->execute_script("CREATE TABLE t (a int);");
    run_script(*connection, "COPY t FROM stdin;\n\\.\nINSERT INTO t VALUES (1);");
    connection->copy_from_stdin("COPY t FROM STDIN", "");
    EXPECT_EQ(psql("SELECT count(*) FROM t"), "1");
}

TEST_F(CopyFromStdin, NamesTheLineAndColumnOfBadData) {
    auto connection = connect();
    connection->execute_script("CREATE TABLE t (a int, b int NOT NULL);");
    const std::string script =
        "CREATE TABLE other (x int);\n"  // 1
        "COPY t (a, b) FROM stdin;\n"    // 2
        "1\t2\n"                         // 3
        "3\t4\n"                         // 4
        "5\tfive\n"                      // 5
        "7\t8\n"                         // 6
        "\\.\n";
    EXPECT_EQ(failure(*connection, script),
              "5: invalid input syntax for type integer: \"five\" (column b)");
    EXPECT_EQ(failure(*connection, "COPY t FROM stdin;\n1\t2\n3\n\\.\n"),
              "3: missing data for column \"b\"");
    EXPECT_EQ(failure(*connection, "COPY t FROM stdin;\n1\t2\n3\t\\N\n\\.\n"),
              "3: null value in column \"b\" of relation \"t\" violates not-null constraint "
              "(DETAIL: Failing row contains (3, null).)");
    EXPECT_EQ(failure(*connection, "COPY t FROM stdin;\n1\t2\t3\n\\.\n"),
              "2: extra data after last expected column");
    // The session goes on: nothing of the failed COPYs was loaded.
    EXPECT_EQ(psql("SELECT count(*) FROM t"), "0");
    run_script(*connection, "COPY t FROM stdin;\n1\t2\n\\.\n");
    EXPECT_EQ(psql("SELECT count(*) FROM t"), "1");
}

TEST_F(CopyFromStdin, NamesTheLineOfAnErrorInTheStatement) {
    auto connection = connect();
    // The server gives no position for a missing table of COPY: the statement's line is named.
    EXPECT_EQ(failure(*connection, "SELECT 1;\nCOPY\n  missing FROM stdin;\n1\n\\.\n"),
              "2: relation \"missing\" does not exist");
    connection->execute_script("CREATE TABLE t (a int);");
    EXPECT_THAT(failure(*connection, "COPY t (nope) FROM stdin;\n1\n\\.\n"),
                HasSubstr("1: column \"nope\" of relation \"t\" does not exist"));
}

TEST_F(CopyFromStdin, StopsSendingWhenTheServerRefusesEarlyAndAbortsTheTransaction) {
    std::string script = "COPY t FROM stdin;\nnot a number\n";
    for (int i = 0; i < 200000; ++i) {
        script += std::to_string(i) + "\n";
    }
    script += "\\.\n";
    auto connection = connect();
    connection->execute_script("CREATE TABLE t (a int);");
    connection->begin();
    EXPECT_EQ(failure(*connection, script),
              "2: invalid input syntax for type integer: \"not a number\" (column a)");
    EXPECT_TRUE(connection->in_transaction());
    connection->rollback();
    EXPECT_EQ(connection->query("SELECT count(*) FROM t").rows.at(0).at(0), "0");
}

TEST_F(CopyFromStdin, StillRefusesCopyFromStdinSentAsAScript) {
    auto connection = connect();
    connection->execute_script("CREATE TABLE loaded (id int);");
    try {
        connection->execute_script("COPY loaded FROM STDIN;");
        FAIL() << "COPY ... FROM STDIN without data ran";
    } catch (const db::DatabaseError& error) {
        EXPECT_THAT(std::string(error.what()),
                    HasSubstr("COPY ... FROM STDIN takes its data only from a script"));
    }
    connection->execute_script("INSERT INTO loaded VALUES (7);");
}

}  // namespace
}  // namespace deckhand::test
