// The .env reader against godotenv's rules, line by line, and the lines it cannot read.
#include "config/dotenv.hpp"

#include <gtest/gtest.h>

using deckhand::config::parse_dotenv;

namespace {

std::string value_of(const std::string& text, const std::string& name,
                     const std::map<std::string, std::string>& environment = {}) {
    const auto parsed = parse_dotenv(text, ".env", environment);
    EXPECT_TRUE(parsed.warnings.empty()) << parsed.warnings.front();
    auto found = parsed.values.find(name);
    return found == parsed.values.end() ? "<unset>" : found->second.value;
}

TEST(Dotenv, ReadsPlainExportedAndColonSettings) {
    EXPECT_EQ(value_of("A=1\n", "A"), "1");
    EXPECT_EQ(value_of("export A=1\n", "A"), "1");
    EXPECT_EQ(value_of("  A : 1  \n", "A"), "1");
    EXPECT_EQ(value_of("A=\n", "A"), "");
    EXPECT_EQ(value_of("A=1\r\nB=2\r\n", "B"), "2");
    EXPECT_EQ(value_of("\xEF\xBB\xBF"
                       "A=1",
                       "A"),
              "1");
    EXPECT_EQ(value_of("exported=1", "exported"), "1");  // a name that starts with "export"
}

TEST(Dotenv, CommentsEndUnquotedValuesOnlyAfterABlank) {
    EXPECT_EQ(value_of("# a comment\nA=1\n", "A"), "1");
    EXPECT_EQ(value_of("A=1 # a comment", "A"), "1");
    EXPECT_EQ(value_of("A=a#b", "A"), "a#b");
    EXPECT_EQ(value_of("A=a #b #c", "A"), "a #b");  // godotenv cuts at the last " #"
    EXPECT_EQ(value_of("A=\"x # y\" # z", "A"), "x # y");
}

TEST(Dotenv, SingleQuotesKeepTheTextDoubleQuotesReadEscapes) {
    EXPECT_EQ(value_of("A='$HOME \\n'", "A"), "$HOME \\n");
    EXPECT_EQ(value_of("A=\"line\\nnext\\r\"", "A"), "line\nnext\r");
    EXPECT_EQ(value_of("A=\"say \\\"hi\\\"\"", "A"), "say \"hi\"");
    EXPECT_EQ(value_of("A=\"two\nlines\"\nB=3", "A"), "two\nlines");
    EXPECT_EQ(value_of("A=\"two\nlines\"\nB=3", "B"), "3");
}

TEST(Dotenv, ExpandsNamesFromEarlierLinesThenTheEnvironment) {
    const std::map<std::string, std::string> environment{{"HOST", "db"}, {"APP", "env"}};
    EXPECT_EQ(value_of("APP=blog\nA=${APP}@$HOST", "A", environment), "blog@db");
    EXPECT_EQ(value_of("A=\"$APP\"", "A", environment), "env");
    EXPECT_EQ(value_of("A='$APP'", "A", environment), "$APP");
    EXPECT_EQ(value_of("A=\\$APP", "A", environment), "$APP");
    EXPECT_EQ(value_of("A=$MISSING-x", "A", environment), "-x");
    EXPECT_EQ(value_of("A=$lower", "A", environment), "$lower");  // upper-case names only
    EXPECT_EQ(value_of("A=${APP", "A", environment), "${APP");
}

TEST(Dotenv, ALineItCannotReadIsAWarningAndTheOthersCount) {
    const auto parsed = parse_dotenv("A=1\nnot a setting\nB=\"x\" y\nC=3\nD='open\n", "dir/.env",
                                     {{"SECRET", "hunter2"}});
    ASSERT_EQ(parsed.warnings.size(), 3u);
    EXPECT_EQ(parsed.warnings[0].rfind("dir/.env:2: expected NAME=value", 0), 0u)
        << parsed.warnings[0];
    EXPECT_EQ(parsed.warnings[1].rfind("dir/.env:3: text follows the closing quote", 0), 0u)
        << parsed.warnings[1];
    EXPECT_EQ(parsed.warnings[2].rfind("dir/.env:5: the single quote", 0), 0u)
        << parsed.warnings[2];
    EXPECT_EQ(parsed.values.at("A").value, "1");
    EXPECT_EQ(parsed.values.at("C").value, "3");
    EXPECT_EQ(parsed.values.at("C").line, 4u);
    EXPECT_EQ(parsed.values.count("B"), 0u);
    EXPECT_EQ(parsed.values.count("D"), 0u);
}

}  // namespace
