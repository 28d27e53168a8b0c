// The statement splitter: where statements end, and where they must not.
#include "deckhand/script/splitter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deckhand::script {
namespace {

std::vector<std::string> texts(std::string_view sql, SqlDialect dialect) {
    std::vector<std::string> out;
    for (const auto& statement : split_statements(sql, dialect)) {
        out.emplace_back(statement.text);
    }
    return out;
}

using Texts = std::vector<std::string>;

TEST(Splitter, SplitsOnSemicolonsAndDropsEmptyStatements) {
    EXPECT_EQ(texts("SELECT 1; SELECT 2;;\n ; SELECT 3", SqlDialect::generic),
              (Texts{"SELECT 1", "SELECT 2", "SELECT 3"}));
}

TEST(Splitter, ReturnsNothingForOnlyCommentsAndBlanks) {
    EXPECT_TRUE(split_statements("-- a\n/* b */\n  ;\n", SqlDialect::postgres).empty());
    EXPECT_FALSE(has_statements("-- a\n/* b */ ;", SqlDialect::postgres));
    EXPECT_TRUE(has_statements("-- a\nSELECT 1", SqlDialect::postgres));
}

TEST(Splitter, KeepsSemicolonsInsideStringsIdentifiersAndComments) {
    EXPECT_EQ(texts("INSERT INTO \"a;b\" VALUES ('x;''y'); -- c;d\nSELECT /* ; */ 1;",
                    SqlDialect::generic),
              (Texts{"INSERT INTO \"a;b\" VALUES ('x;''y')", "SELECT /* ; */ 1"}));
}

TEST(Splitter, KeepsSemicolonsInsidePostgresEscapeStrings) {
    EXPECT_EQ(texts(R"(SELECT E'a\';b'; SELECT 2)", SqlDialect::postgres),
              (Texts{R"(SELECT E'a\';b')", "SELECT 2"}));
}

TEST(Splitter, KeepsNestedBlockCommentsWholeOnPostgres) {
    // A comment after a statement's last token is not part of it.
    EXPECT_EQ(texts("SELECT 1 /* a /* b; */ c; */; SELECT 2", SqlDialect::postgres),
              (Texts{"SELECT 1", "SELECT 2"}));
    EXPECT_EQ(texts("SELECT /* a /* b; */ c; */ 1; SELECT 2", SqlDialect::postgres),
              (Texts{"SELECT /* a /* b; */ c; */ 1", "SELECT 2"}));
}

TEST(Splitter, KeepsDollarQuotedFunctionBodiesWhole) {
    std::string sql =
        "CREATE FUNCTION touch() RETURNS trigger AS $body$\n"
        "BEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n$body$ LANGUAGE plpgsql;\n"
        "DO $$ BEGIN PERFORM 1; END $$;";
    auto statements = split_statements(sql, SqlDialect::postgres);
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[0].text.substr(0, 15), "CREATE FUNCTION");
    EXPECT_EQ(statements[0].text.substr(statements[0].text.size() - 16), "LANGUAGE plpgsql");
    EXPECT_EQ(statements[1].text, "DO $$ BEGIN PERFORM 1; END $$");
    EXPECT_EQ(statements[1].line, 7u);
}

TEST(Splitter, KeepsSqliteTriggerBodiesWholeIncludingCaseExpressions) {
    std::string sql =
        "CREATE TRIGGER posts_touch AFTER UPDATE ON blog_posts\n"
        "BEGIN\n"
        "  UPDATE blog_posts SET state = CASE WHEN NEW.published THEN 'live' ELSE 'draft' END\n"
        "   WHERE id = NEW.id;\n"
        "  INSERT INTO audit VALUES (NEW.id);\n"
        "END;\n"
        "CREATE INDEX i ON blog_posts(state);";
    auto statements = split_statements(sql, SqlDialect::sqlite);
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[0].text.substr(statements[0].text.size() - 3), "END");
    EXPECT_EQ(statements[1].text, "CREATE INDEX i ON blog_posts(state)");
    EXPECT_EQ(statements[1].line, 7u);
}

TEST(Splitter, RecognisesTemporaryTriggersAndLowerCaseKeywords) {
    auto statements = split_statements(
        "create temp trigger t after insert on a begin delete from b; end; select 1",
        SqlDialect::sqlite);
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[0].text,
              "create temp trigger t after insert on a begin delete from b; end");
}

TEST(Splitter, IgnoresCaseEndOutsideATriggerBody) {
    EXPECT_EQ(
        texts("CREATE TRIGGER t AFTER INSERT ON a WHEN CASE WHEN 1 THEN 1 END BEGIN SELECT 1; END; "
              "SELECT 2",
              SqlDialect::sqlite),
        (Texts{"CREATE TRIGGER t AFTER INSERT ON a WHEN CASE WHEN 1 THEN 1 END BEGIN SELECT 1; END",
               "SELECT 2"}));
}

TEST(Splitter, TreatsStandaloneBeginAndEndAsOrdinaryStatements) {
    EXPECT_EQ(texts("BEGIN; CREATE TABLE a(x int); END; COMMIT;", SqlDialect::sqlite),
              (Texts{"BEGIN", "CREATE TABLE a(x int)", "END", "COMMIT"}));
}

TEST(Splitter, KeepsPostgresBeginAtomicBodiesWhole) {
    std::string sql =
        "CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql\n"
        "BEGIN ATOMIC\n  SELECT CASE WHEN a IS NULL THEN 0 ELSE a END + b;\nEND;\nSELECT 2;";
    auto statements = split_statements(sql, SqlDialect::postgres);
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[1].text, "SELECT 2");
}

TEST(Splitter, ReportsTheOffsetAndLineOfEachStatementsFirstToken) {
    std::string sql =
        "-- header\n\n  CREATE INDEX CONCURRENTLY a ON t(x);\n/* c */ CREATE INDEX b ON t(y)";
    auto statements = split_statements(sql, SqlDialect::postgres);
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[0].line, 3u);
    EXPECT_EQ(statements[0].offset, sql.find("CREATE INDEX CONCURRENTLY"));
    EXPECT_EQ(statements[1].line, 4u);
    EXPECT_EQ(statements[1].offset, sql.find("CREATE INDEX b"));
    EXPECT_EQ(statements[1].text, "CREATE INDEX b ON t(y)");
}

TEST(Splitter, RunsAnUnterminatedQuoteToTheEndWithoutLosingText) {
    auto statements = split_statements("SELECT 1; SELECT 'abc; def", SqlDialect::generic);
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[1].text, "SELECT 'abc; def");
}

TEST(Splitter, SplitsOnSemicolonsThatOtherDialectsWouldQuote) {
    // [a;b] is an identifier on SQLite but not on PostgreSQL, where '[' is an array subscript.
    EXPECT_EQ(texts("SELECT [a;b]", SqlDialect::sqlite).size(), 1u);
    EXPECT_EQ(texts("SELECT [a;b]", SqlDialect::postgres).size(), 2u);
    // $$ quotes only on PostgreSQL.
    EXPECT_EQ(texts("SELECT $$a;b$$", SqlDialect::postgres).size(), 1u);
    EXPECT_EQ(texts("SELECT $$a;b$$", SqlDialect::sqlite).size(), 2u);
}

TEST(Splitter, FindsStatementsThatStartOrEndATransaction) {
    for (const char* sql : {"BEGIN;", "begin transaction;", "START TRANSACTION;", "COMMIT;", "END;",
                            "ROLLBACK;", "ABORT;", "ROLLBACK WORK;", "PREPARE TRANSACTION 'x';",
                            "COMMIT AND CHAIN;", "ROLLBACK TRANSACTION;", "END TRANSACTION;"}) {
        EXPECT_TRUE(find_transaction_control(std::string("SELECT 1;\n") + sql, SqlDialect::postgres)
                        .has_value())
            << sql;
    }
    auto found = find_transaction_control("SELECT 1;\n\nCOMMIT;", SqlDialect::sqlite);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->line, 3u);
    for (const char* sql :
         {"ROLLBACK TO SAVEPOINT a;", "ROLLBACK TRANSACTION TO a;", "ROLLBACK WORK TO SAVEPOINT a;",
          "PREPARE q AS SELECT 1;", "SAVEPOINT a;", "RELEASE a;",
          "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;", "SELECT 'COMMIT';",
          "DO $$ BEGIN COMMIT; END $$;", "-- COMMIT\nSELECT 1;", "START a;"}) {
        EXPECT_FALSE(find_transaction_control(sql, SqlDialect::postgres).has_value()) << sql;
    }
}

TEST(Splitter, KeepsParenthesisedRuleActionsWhole) {
    // PostgreSQL's CREATE RULE with several actions: psql does not split inside parentheses.
    const std::string rule =
        "CREATE RULE log_insert AS ON INSERT TO items DO ALSO (\n"
        "  INSERT INTO log (item) VALUES (NEW.id);\n"
        "  UPDATE counts SET n = n + 1;\n"
        ")";
    EXPECT_EQ(texts(rule + ";\nSELECT 2;", SqlDialect::postgres), (Texts{rule, "SELECT 2"}));
    EXPECT_EQ(texts("SELECT (1; 2); SELECT ((3;)); SELECT 4", SqlDialect::sqlite),
              (Texts{"SELECT (1; 2)", "SELECT ((3;))", "SELECT 4"}));
}

TEST(Splitter, LetsAStrayClosingParenthesisOpenNothing) {
    // A ')' without its '(' must not keep the statements after it together: each reaches the
    // server alone, which reports the broken one on its own line.
    auto statements =
        split_statements("SELECT 1);\nSELECT (2;\n)\n;SELECT 3", SqlDialect::postgres);
    ASSERT_EQ(statements.size(), 3u);
    EXPECT_EQ(statements[0].text, "SELECT 1)");
    EXPECT_EQ(statements[1].text, "SELECT (2;\n)");
    EXPECT_EQ(statements[2].text, "SELECT 3");
    EXPECT_EQ(statements[2].line, 4u);
    EXPECT_EQ(texts("SELECT ) ( ); SELECT 2", SqlDialect::generic).size(), 2u);
}

TEST(Splitter, RunsAnUnclosedParenthesisToTheEndOfTheScriptAsPsqlDoes) {
    auto statements = split_statements("SELECT 0;\nCREATE TABLE a (x int;\nCREATE TABLE b (y int);",
                                       SqlDialect::postgres);
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[1].text, "CREATE TABLE a (x int;\nCREATE TABLE b (y int);");
    EXPECT_EQ(statements[1].line, 2u);
}

TEST(Splitter, IgnoresParenthesesInsideStringsCommentsAndBodies) {
    EXPECT_EQ(texts("SELECT '('; SELECT 2 -- (\n; SELECT $$($$; SELECT \"(\"; SELECT 5",
                    SqlDialect::postgres),
              (Texts{"SELECT '('", "SELECT 2", "SELECT $$($$", "SELECT \"(\"", "SELECT 5"}));
}

// pg_dump's data section: a COPY statement, its rows (tabs, \N for NULL, backslash escapes),
// and the line "\." that ends them.
const std::string pg_dump_copy =
    "SET client_encoding = 'UTF8';\n"
    "COPY public.items (id, name, note) FROM stdin;\n"
    "1\tit's; fine\t\\N\n"
    "2\t-- not a comment\t/* nor this */\n"
    "3\t\ta\\tb $$ ${x}\n"
    "\\.\n"
    "SELECT pg_catalog.setval('public.items_id_seq', 3, true);\n";

TEST(Splitter, ReturnsACopyFromStdinStatementAndLeavesItsDataOut) {
    auto statements = split_statements(pg_dump_copy, SqlDialect::postgres);
    ASSERT_EQ(statements.size(), 3u);
    EXPECT_EQ(statements[1].text, "COPY public.items (id, name, note) FROM stdin");
    EXPECT_EQ(statements[2].text, "SELECT pg_catalog.setval('public.items_id_seq', 3, true)");
    EXPECT_EQ(statements[2].line, 7u);
}

TEST(Splitter, GivesTheDataOfACopyFromStdinStatementByteForByte) {
    auto statements = split_statements(pg_dump_copy, SqlDialect::postgres);
    ASSERT_EQ(statements.size(), 3u);
    EXPECT_FALSE(copy_data(pg_dump_copy, statements[0], SqlDialect::postgres).has_value());
    EXPECT_FALSE(copy_data(pg_dump_copy, statements[2], SqlDialect::postgres).has_value());
    const auto data = copy_data(pg_dump_copy, statements[1], SqlDialect::postgres);
    ASSERT_TRUE(data.has_value());
    EXPECT_EQ(data->text,
              "1\tit's; fine\t\\N\n2\t-- not a comment\t/* nor this */\n3\t\ta\\tb $$ ${x}\n");
    EXPECT_EQ(data->line, 3u);
    EXPECT_EQ(data->offset, pg_dump_copy.find("1\tit's"));
    EXPECT_TRUE(data->terminated);
}

TEST(Splitter, ReadsCopyFromStdinInEverySpelling) {
    for (const char* statement :
         {"copy items from stdin", "COPY items (a, b) FROM STDIN WITH (FORMAT csv, HEADER true)",
          "Copy \"Items\" FROM Stdin WITH CSV HEADER", "COPY items FROM STDIN (FORMAT text)",
          "COPY /* c */ items\n  FROM\n  stdin"}) {
        const std::string sql = std::string(statement) + ";\na,b\n\\.\nSELECT 1;";
        auto statements = split_statements(sql, SqlDialect::postgres);
        ASSERT_EQ(statements.size(), 2u) << statement;
        EXPECT_EQ(statements[0].text, statement);
        const auto data = copy_data(sql, statements[0], SqlDialect::postgres);
        ASSERT_TRUE(data.has_value()) << statement;
        EXPECT_EQ(data->text, "a,b\n") << statement;
    }
}

TEST(Splitter, TellsCopyFromStdinFromOtherCopies) {
    for (const char* sql :
         {"COPY items FROM '/tmp/x';\nSELECT 1;", "COPY items TO STDOUT;\nSELECT 1;",
          "COPY (SELECT a FROM stdin) TO STDOUT;\nSELECT 1;", "COPY items FROM 'stdin';\nSELECT 1;",
          "COPYRIGHT;\nSELECT 1;", "SELECT 1 FROM stdin;\nSELECT 1;"}) {
        auto statements = split_statements(sql, SqlDialect::postgres);
        ASSERT_EQ(statements.size(), 2u) << sql;
        EXPECT_FALSE(copy_data(sql, statements[0], SqlDialect::postgres).has_value()) << sql;
    }
}

TEST(Splitter, TakesCrlfDataLinesAndTheirEndMarkerAsPsqlDoes) {
    const std::string sql = "COPY t FROM stdin;\r\n1\tx\r\n2\ty\r\n\\.\r\nSELECT 1;\r\n";
    auto statements = split_statements(sql, SqlDialect::postgres);
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[1].text, "SELECT 1");
    EXPECT_EQ(statements[1].line, 5u);
    const auto data = copy_data(sql, statements[0], SqlDialect::postgres);
    ASSERT_TRUE(data.has_value());
    EXPECT_EQ(data->text, "1\tx\r\n2\ty\r\n");
}

TEST(Splitter, TakesCopyDataToTheEndOfTheScriptWithoutAnEndMarker) {
    // psql sends everything up to the end of the file; the server then says what is wrong.
    const std::string sql = "COPY t FROM stdin;\n1\n2\nSELECT 'x;\n";
    auto statements = split_statements(sql, SqlDialect::postgres);
    ASSERT_EQ(statements.size(), 1u);
    const auto data = copy_data(sql, statements[0], SqlDialect::postgres);
    ASSERT_TRUE(data.has_value());
    EXPECT_EQ(data->text, "1\n2\nSELECT 'x;\n");
    EXPECT_FALSE(data->terminated);
    // A script that ends with the statement has no data at all.
    for (const char* end : {"COPY t FROM stdin;", "COPY t FROM stdin", "COPY t FROM stdin;\n"}) {
        auto only = split_statements(end, SqlDialect::postgres);
        ASSERT_EQ(only.size(), 1u) << end;
        const auto none = copy_data(end, only[0], SqlDialect::postgres);
        ASSERT_TRUE(none.has_value()) << end;
        EXPECT_TRUE(none->text.empty()) << end;
    }
}

TEST(Splitter, ReadsEmptyCopyDataAndSqlAfterTheStatementOnItsLine) {
    const std::string sql = "COPY t FROM stdin; SELECT 1; -- rows follow\n\\.\nSELECT 2;";
    auto statements = split_statements(sql, SqlDialect::postgres);
    ASSERT_EQ(statements.size(), 3u);
    EXPECT_EQ(statements[1].text, "SELECT 1");
    EXPECT_EQ(statements[2].text, "SELECT 2");
    const auto data = copy_data(sql, statements[0], SqlDialect::postgres);
    ASSERT_TRUE(data.has_value());
    EXPECT_TRUE(data->text.empty());
    EXPECT_TRUE(data->terminated);
    EXPECT_EQ(data->line, 2u);
}

TEST(Splitter, FindsNoTransactionControlInCopyData) {
    EXPECT_FALSE(
        find_transaction_control("COPY t FROM stdin;\nCOMMIT\nBEGIN;\n\\.\n", SqlDialect::postgres)
            .has_value());
    EXPECT_TRUE(has_statements("COPY t FROM stdin;\n\\.\n", SqlDialect::postgres));
}

}  // namespace
}  // namespace deckhand::script
