// :name parameters: found where they are SQL, left alone where they are data, numbered once.
#include "deckhand/script/named_parameters.hpp"

#include <gtest/gtest.h>

namespace deckhand::script {
namespace {

std::vector<std::string> names(std::string_view sql, SqlDialect dialect = SqlDialect::postgres) {
    std::vector<std::string> out;
    for (const auto& use : find_named_parameters(sql, dialect)) {
        out.push_back(use.name);
    }
    return out;
}

TEST(NamedParameters, AreFoundInOrderWithTheirLines) {
    auto uses = find_named_parameters("SELECT *\nFROM t\nWHERE a = :first AND b < :second_2",
                                      SqlDialect::sqlite);
    ASSERT_EQ(uses.size(), 2u);
    EXPECT_EQ(uses[0].name, "first");
    EXPECT_EQ(uses[0].line, 3u);
    EXPECT_EQ(uses[0].length, 6u);
    EXPECT_EQ(uses[1].name, "second_2");
}

TEST(NamedParameters, InsideStringLiteralsAreData) {
    EXPECT_TRUE(names("SELECT ':before is text', 'a '':b'' c'").empty());
    EXPECT_TRUE(names("SELECT E'\\':x'", SqlDialect::postgres).empty());
}

TEST(NamedParameters, InsideCommentsAreIgnored) {
    EXPECT_EQ(names("-- uses :a\nSELECT :b /* and :c */"), std::vector<std::string>{"b"});
}

TEST(NamedParameters, InsideQuotedIdentifiersAreIgnored) {
    EXPECT_TRUE(names("SELECT 1 AS \":odd\"").empty());
    EXPECT_TRUE(names("SELECT 1 AS [:odd], 2 AS `:odder`", SqlDialect::sqlite).empty());
}

TEST(NamedParameters, InsideDollarQuotedBodiesAreIgnored) {
    EXPECT_EQ(names("SELECT $$ :a $$, $fn$ :b $fn$, :c"), std::vector<std::string>{"c"});
}

TEST(NamedParameters, CastsAreNotParameters) {
    EXPECT_EQ(names("SELECT :when::date, x::text, y :: int"), std::vector<std::string>{"when"});
}

TEST(NamedParameters, NeedALetterOrUnderscoreAfterTheColon) {
    EXPECT_TRUE(names("SELECT a[1:2], b := 3, ':'").empty());
    EXPECT_EQ(names("SELECT :_x"), std::vector<std::string>{"_x"});
}

TEST(NamedParameters, AreNumberedOncePerName) {
    auto numbered = number_named_parameters(
        "UPDATE t SET a = :x WHERE b = :y OR c = :x -- :z\nAND d = ':x'", SqlDialect::postgres);
    EXPECT_EQ(numbered.sql, "UPDATE t SET a = $1 WHERE b = $2 OR c = $1 -- :z\nAND d = ':x'");
    EXPECT_EQ(numbered.names, (std::vector<std::string>{"x", "y"}));
}

TEST(NamedParameters, NumberingKeepsCastsAndLineBreaks) {
    auto numbered = number_named_parameters("SELECT :d::date,\n  :n", SqlDialect::postgres);
    EXPECT_EQ(numbered.sql, "SELECT $1::date,\n  $2");
}

TEST(NamedParameters, NumberingNeverGluesANumberToAWord) {
    // "LIMIT$1" would be one identifier.
    EXPECT_EQ(number_named_parameters("SELECT 1 LIMIT:n", SqlDialect::postgres).sql,
              "SELECT 1 LIMIT $1");
}

TEST(NamedParameters, TextWithoutParametersIsUnchanged) {
    const std::string sql = "SELECT 'a:b', x::int FROM t";
    auto numbered = number_named_parameters(sql, SqlDialect::postgres);
    EXPECT_EQ(numbered.sql, sql);
    EXPECT_TRUE(numbered.names.empty());
}

}  // namespace
}  // namespace deckhand::script
