// Directive comments: recognition, arguments, placement and checking.
#include "deckhand/script/directives.hpp"

#include <gtest/gtest.h>

#include "deckhand/errors.hpp"

namespace deckhand::script {
namespace {

std::string error_of(auto&& action) {
    try {
        action();
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "(no error)";
}

TEST(Directives, ParsesANameAndQuotedArguments) {
    auto directive = parse_directive_comment(
        R"(-- deckhand:param before date required "Posts published \"before\" this day")", "f.sql",
        4);
    ASSERT_TRUE(directive.has_value());
    EXPECT_EQ(directive->name, "param");
    EXPECT_EQ(directive->arguments,
              (std::vector<std::string>{"before", "date", "required",
                                        "Posts published \"before\" this day"}));
    EXPECT_EQ(directive->line, 4u);
}

TEST(Directives, KeepsQuotesInsideAnArgumentTogether) {
    auto directive =
        parse_directive_comment(R"(--deckhand:param title text default="Hello world")", "f", 1);
    ASSERT_TRUE(directive.has_value());
    EXPECT_EQ(directive->arguments,
              (std::vector<std::string>{"title", "text", "default=Hello world"}));
}

TEST(Directives, IgnoresOrdinaryComments) {
    EXPECT_FALSE(parse_directive_comment("-- adds the posts table", "f", 1).has_value());
    EXPECT_FALSE(parse_directive_comment("-- deckhand is great", "f", 1).has_value());
}

TEST(Directives, RejectsMalformedDirectivesNamingFileAndLine) {
    EXPECT_EQ(error_of([] {
                  parse_directive_comment("-- deckhand: no-transaction", "m/V1__x.sql", 3);
              }).rfind("m/V1__x.sql:3: ", 0),
              0u);
    EXPECT_NE(error_of([] {
                  parse_directive_comment("-- deckhand:No_Transaction", "f", 1);
              }).find("not a directive"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_directive_comment(R"(-- deckhand:summary "open)", "f.sql", 2);
              }).find("f.sql:2: directive argument has an unterminated double quote"),
              std::string::npos);
}

TEST(Directives, ScansOnlyRealLineCommentsAndMarksLeadingOnes) {
    std::string sql =
        "-- deckhand:no-transaction\n"
        "\n"
        "CREATE INDEX a ON t(x); -- deckhand:allow index-without-concurrently\n"
        "SELECT '-- deckhand:not-a-directive';\n"
        "/* -- deckhand:nor-this */\n";
    auto directives = scan_directives(sql, SqlDialect::postgres, "f.sql");
    ASSERT_EQ(directives.size(), 2u);
    EXPECT_EQ(directives[0].name, "no-transaction");
    EXPECT_TRUE(directives[0].leading);
    EXPECT_EQ(directives[0].line, 1u);
    EXPECT_EQ(directives[1].name, "allow");
    EXPECT_FALSE(directives[1].leading);
    EXPECT_EQ(directives[1].line, 3u);
}

TEST(Directives, ChecksNamesPlacementAndArgumentCounts) {
    std::vector<DirectiveRule> rules{{"no-transaction", 0, 0, true}, {"allow", 1, 4, false}};
    auto check = [&](const std::string& sql) {
        return error_of([&] {
            check_directives(scan_directives(sql, SqlDialect::sqlite, "V2__x.sql"), rules,
                             "V2__x.sql");
        });
    };
    EXPECT_EQ(check("-- deckhand:no-transaction\nSELECT 1; -- deckhand:allow x"), "(no error)");
    EXPECT_EQ(check("SELECT 1;\n-- deckhand:frobnicate\n"),
              "V2__x.sql:2: unknown directive '-- deckhand:frobnicate' (known here: "
              "no-transaction, allow)");
    EXPECT_EQ(
        check("SELECT 1;\n\n-- deckhand:no-transaction\n"),
        "V2__x.sql:3: '-- deckhand:no-transaction' must come before the script's first statement");
    EXPECT_EQ(check("-- deckhand:no-transaction please\nSELECT 1"),
              "V2__x.sql:1: '-- deckhand:no-transaction' takes no arguments, not 1");
    EXPECT_EQ(check("SELECT 1; -- deckhand:allow\n"),
              "V2__x.sql:1: '-- deckhand:allow' takes between 1 and 4 arguments, not 0");
}

TEST(Directives, FindsADirectiveByName) {
    std::vector<Directive> directives{{"no-transaction", {}, 1, true}};
    EXPECT_TRUE(has_directive(directives, "no-transaction"));
    EXPECT_FALSE(has_directive(directives, "allow"));
}

}  // namespace
}  // namespace deckhand::script
