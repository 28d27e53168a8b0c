// The lexer's quoting and comment rules per dialect.
#include "deckhand/script/sql_lexer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deckhand::script {
namespace {

struct Lexed {
    TokenKind kind;
    std::string text;
    std::size_t line;
    bool terminated;
};

std::vector<Lexed> lex(std::string_view sql, SqlDialect dialect) {
    std::vector<Lexed> out;
    SqlLexer lexer(sql, dialect);
    Token token;
    while (lexer.next(token)) {
        if (token.kind == TokenKind::whitespace) {
            continue;
        }
        out.push_back(
            {token.kind, std::string(lexer.text_of(token)), token.line, token.terminated});
    }
    return out;
}

TEST(SqlLexer, NamesTheDialectsFromDriverNames) {
    EXPECT_EQ(sql_dialect("sqlite"), SqlDialect::sqlite);
    EXPECT_EQ(sql_dialect("postgres"), SqlDialect::postgres);
    EXPECT_EQ(sql_dialect("postgresql"), SqlDialect::postgres);
    EXPECT_EQ(sql_dialect("mysql"), SqlDialect::generic);
}

TEST(SqlLexer, TilesTheWholeTextWithTokens) {
    std::string sql = "SELECT 'a;b', \"c\"\"d\" -- x\n/* y */ $$z$$;";
    for (auto dialect : {SqlDialect::generic, SqlDialect::sqlite, SqlDialect::postgres}) {
        SqlLexer lexer(sql, dialect);
        Token token;
        std::size_t expected = 0;
        while (lexer.next(token)) {
            EXPECT_EQ(token.offset, expected);
            EXPECT_GT(token.length, 0u);
            expected = token.end();
        }
        EXPECT_EQ(expected, sql.size());
    }
}

TEST(SqlLexer, KeepsDoubledQuotesInsideStringsAndIdentifiers) {
    auto tokens = lex("'it''s' \"a\"\"b\"", SqlDialect::generic);
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_EQ(tokens[0].kind, TokenKind::string);
    EXPECT_EQ(tokens[0].text, "'it''s'");
    EXPECT_EQ(tokens[1].kind, TokenKind::quoted_identifier);
    EXPECT_EQ(tokens[1].text, "\"a\"\"b\"");
}

TEST(SqlLexer, ReadsBackslashEscapesOnlyInPostgresEscapeStrings) {
    auto pg = lex(R"(E'a\'b;' x)", SqlDialect::postgres);
    ASSERT_EQ(pg.size(), 2u);
    EXPECT_EQ(pg[0].kind, TokenKind::string);
    EXPECT_EQ(pg[0].text, R"(E'a\'b;')");
    // In a standard string a backslash is an ordinary character.
    auto standard = lex(R"('a\' x)", SqlDialect::postgres);
    EXPECT_EQ(standard[0].text, R"('a\')");
    // A word ending in e followed by a quote is not an escape string.
    auto word = lex(R"(type'a\' x)", SqlDialect::postgres);
    EXPECT_EQ(word[0].kind, TokenKind::word);
    EXPECT_EQ(word[1].text, R"('a\')");
}

TEST(SqlLexer, NestsBlockCommentsOnPostgresOnly) {
    auto pg = lex("/* a /* b */ c */ x", SqlDialect::postgres);
    ASSERT_EQ(pg.size(), 2u);
    EXPECT_EQ(pg[0].text, "/* a /* b */ c */");
    auto sqlite = lex("/* a /* b */ c */ x", SqlDialect::sqlite);
    EXPECT_EQ(sqlite[0].text, "/* a /* b */");
    EXPECT_EQ(sqlite[1].text, "c");
}

TEST(SqlLexer, ReadsDollarQuotedBodiesWithTagsOnPostgres) {
    auto tokens = lex("$fn$ a $$ ; $ $fn$ $$b$$ $1 a$b$", SqlDialect::postgres);
    ASSERT_EQ(tokens.size(), 4u);
    EXPECT_EQ(tokens[0].kind, TokenKind::dollar_quoted);
    EXPECT_EQ(tokens[0].text, "$fn$ a $$ ; $ $fn$");
    EXPECT_EQ(tokens[1].text, "$$b$$");
    EXPECT_EQ(tokens[2].kind, TokenKind::parameter);
    EXPECT_EQ(tokens[3].kind, TokenKind::word);  // '$' inside an identifier
    EXPECT_EQ(tokens[3].text, "a$b$");
}

TEST(SqlLexer, TreatsDollarsAsOrdinaryOnSqlite) {
    auto tokens = lex("$$ ; $$", SqlDialect::sqlite);
    EXPECT_EQ(tokens[0].kind, TokenKind::symbol);
}

TEST(SqlLexer, ReadsBracketAndBacktickIdentifiersOnSqlite) {
    auto tokens = lex("[a;b] `c``;d`", SqlDialect::sqlite);
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_EQ(tokens[0].kind, TokenKind::quoted_identifier);
    EXPECT_EQ(tokens[1].text, "`c``;d`");
}

TEST(SqlLexer, MarksQuotesAndCommentsThatRunToTheEnd) {
    for (const char* sql : {"'abc", "\"abc", "/* abc", "$x$ abc"}) {
        auto tokens = lex(sql, SqlDialect::postgres);
        ASSERT_EQ(tokens.size(), 1u) << sql;
        EXPECT_FALSE(tokens[0].terminated) << sql;
    }
    EXPECT_FALSE(lex("E'a\\", SqlDialect::postgres)[0].terminated);
}

TEST(SqlLexer, CountsLinesOfEachToken) {
    auto tokens = lex("a\n'b\nc'\n-- d\ne", SqlDialect::generic);
    ASSERT_EQ(tokens.size(), 4u);
    EXPECT_EQ(tokens[0].line, 1u);
    EXPECT_EQ(tokens[1].line, 2u);
    EXPECT_EQ(tokens[2].line, 4u);
    EXPECT_EQ(tokens[2].kind, TokenKind::line_comment);
    EXPECT_EQ(tokens[3].line, 5u);
}

TEST(SqlLexer, ComparesKeywordsWithoutRegardToCase) {
    EXPECT_TRUE(keyword_equals("begin", "BEGIN"));
    EXPECT_TRUE(keyword_equals("BeGiN", "BEGIN"));
    EXPECT_FALSE(keyword_equals("BEGINS", "BEGIN"));
}

std::vector<Lexed> lex_script(std::string_view sql, SqlDialect dialect) {
    std::vector<Lexed> out;
    ScriptLexer lexer(sql, dialect);
    Token token;
    std::size_t covered = 0;
    while (lexer.next(token)) {
        EXPECT_EQ(token.offset, covered);
        EXPECT_GT(token.length, 0u);
        covered = token.end();
        if (token.kind != TokenKind::whitespace) {
            out.push_back(
                {token.kind, std::string(lexer.text_of(token)), token.line, token.terminated});
        }
    }
    EXPECT_EQ(covered, sql.size());
    return out;
}

TEST(ScriptLexer, ReadsTheLinesAfterCopyFromStdinAsOneDataToken) {
    // An apostrophe, "--" and "/*" in the rows are data: read as SQL, they would swallow the
    // statements after them.
    auto tokens =
        lex_script("COPY t FROM STDIN;\nit's\t--\t/*\n\\.\nSELECT 2", SqlDialect::postgres);
    ASSERT_EQ(tokens.size(), 8u);
    EXPECT_EQ(tokens[5].kind, TokenKind::copy_data);
    EXPECT_EQ(tokens[5].text, "it's\t--\t/*\n\\.\n");
    EXPECT_EQ(tokens[5].line, 2u);
    EXPECT_TRUE(tokens[5].terminated);
    EXPECT_EQ(tokens[6].text, "SELECT");
    EXPECT_EQ(tokens[6].line, 4u);
}

TEST(ScriptLexer, EndsCopyDataOnlyAtALineThatIsExactlyTheEndMarker) {
    auto tokens = lex_script("COPY t FROM STDIN;\n \\.\n\\. \na\\.\n\\.\r\nx", SqlDialect::sqlite);
    ASSERT_EQ(tokens.size(), 7u);
    EXPECT_EQ(tokens[5].kind, TokenKind::copy_data);
    EXPECT_EQ(tokens[5].text, " \\.\n\\. \na\\.\n\\.\r\n");
    EXPECT_EQ(tokens[6].text, "x");
    EXPECT_EQ(tokens[6].line, 6u);
}

TEST(ScriptLexer, MarksCopyDataThatRunsToTheEnd) {
    auto tokens = lex_script("copy t from stdin;\n1\n2", SqlDialect::generic);
    ASSERT_EQ(tokens.size(), 6u);
    EXPECT_EQ(tokens[5].kind, TokenKind::copy_data);
    EXPECT_FALSE(tokens[5].terminated);
}

TEST(ScriptLexer, ReadsOtherStatementsAsSqlLexerDoes) {
    const std::string sql = "SELECT 'a' FROM stdin;\n1\nCOPY t TO STDOUT;\n2\n";
    auto tokens = lex_script(sql, SqlDialect::postgres);
    for (const auto& token : tokens) {
        EXPECT_NE(token.kind, TokenKind::copy_data) << token.text;
    }
    EXPECT_EQ(tokens.size(), lex(sql, SqlDialect::postgres).size());
}

}  // namespace
}  // namespace deckhand::script
