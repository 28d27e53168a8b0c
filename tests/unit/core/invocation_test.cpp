// Splitting the command line, and reading deckhand.opts.
#include "cli/invocation.hpp"

#include <gtest/gtest.h>

#include "deckhand/errors.hpp"
#include "support/temp_dir.hpp"

using deckhand::cli::read_opts_file;
using deckhand::cli::split_invocation;
using deckhand::cli::split_opts_tokens;

TEST(Invocation, GlobalOptionsMayComeBeforeOrAfterTheCommand) {
    auto invocation = split_invocation(
        {"--log-level", "debug", "migrate", "--target", "3", "--database-url=sqlite:x.db"});
    ASSERT_TRUE(invocation.command.has_value());
    EXPECT_EQ(*invocation.command, "migrate");
    EXPECT_EQ(invocation.command_args, (std::vector<std::string>{"--target", "3"}));
    EXPECT_EQ(invocation.globals.at("log-level").back().value, "debug");
    EXPECT_EQ(invocation.globals.at("database-url").back().value, "sqlite:x.db");
}

TEST(Invocation, UnknownOptionBeforeTheCommandIsAUsageError) {
    EXPECT_THROW(split_invocation({"--target", "3", "migrate"}), deckhand::UsageError);
}

TEST(Invocation, GlobalOptionWithoutValueIsAUsageError) {
    EXPECT_THROW(split_invocation({"migrate", "--database-url"}), deckhand::UsageError);
}

TEST(Invocation, HelpAndVersionFlagsAreRecognised) {
    EXPECT_TRUE(split_invocation({"--help"}).help);
    EXPECT_TRUE(split_invocation({"migrate", "-h"}).help);
    EXPECT_TRUE(split_invocation({"--version"}).version);
}

TEST(Invocation, EverythingAfterDoubleDashBelongsToTheCommand) {
    auto invocation = split_invocation({"sql", "--", "--log-level"});
    EXPECT_EQ(invocation.command_args, (std::vector<std::string>{"--", "--log-level"}));
}

TEST(OptsFile, WordsCommentsAndQuotes) {
    deckhand::test::TempDir dir;
    auto path = dir.write("deckhand.opts",
                          "# defaults for this project\n"
                          "--migrations db/migrations   # trailing comment\n"
                          "--lock-timeout=10m\r\n"
                          "\n"
                          "--set \"greeting=hello world\"\n");
    auto tokens = read_opts_file(path.string());
    ASSERT_EQ(tokens.size(), 5u);
    EXPECT_EQ(tokens[0].text, "--migrations");
    EXPECT_EQ(tokens[1].text, "db/migrations");
    EXPECT_EQ(tokens[2].text, "--lock-timeout=10m");
    EXPECT_EQ(tokens[4].text, "greeting=hello world");
    EXPECT_EQ(tokens[4].line, 5);

    auto defaults = split_opts_tokens(tokens, path.string());
    EXPECT_EQ(defaults.globals.at("migrations").back().value, "db/migrations");
    EXPECT_NE(defaults.globals.at("migrations").back().origin.find("line 2"), std::string::npos);
    ASSERT_EQ(defaults.command_groups.size(), 2u);
    EXPECT_EQ(defaults.command_groups[1].words,
              (std::vector<std::string>{"--set", "greeting=hello world"}));
    EXPECT_EQ(defaults.command_groups[1].where, path.string() + " line 5");
}

TEST(OptsFile, MissingFileMeansNoDefaults) {
    EXPECT_TRUE(read_opts_file("/nonexistent/deckhand.opts").empty());
}

TEST(OptsFile, ACommandNameInTheFileIsRefusedNamingTheLine) {
    deckhand::test::TempDir dir;
    auto path = dir.write("deckhand.opts", "--log-level info\nmigrate\n");
    try {
        split_opts_tokens(read_opts_file(path.string()), "deckhand.opts");
        FAIL();
    } catch (const deckhand::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("deckhand.opts line 2"), std::string::npos)
            << e.what();
    }
}

TEST(OptsFile, UnterminatedQuoteIsRefusedNamingTheLine) {
    deckhand::test::TempDir dir;
    auto path = dir.write("deckhand.opts", "--set 'oops\n");
    EXPECT_THROW(read_opts_file(path.string()), deckhand::ConfigError);
}

TEST(Invocation, AnEmptyGlobalValueIsAUsageErrorNamingTheFlag) {
    for (const auto& option : deckhand::cli::global_options()) {
        const std::string flag = std::string("--") + option.flag;
        for (const auto& args : {std::vector<std::string>{"migrate", flag, ""},
                                 std::vector<std::string>{flag + "=", "migrate"}}) {
            try {
                split_invocation(args);
                FAIL() << flag;
            } catch (const deckhand::UsageError& e) {
                EXPECT_EQ(std::string(e.what()), flag +
                                                     " is given an empty value (an unset "
                                                     "variable?); give it a value or leave it out");
            }
        }
    }
}

TEST(OptsFile, AnEmptyGlobalValueIsRefusedNamingTheLine) {
    deckhand::test::TempDir dir;
    auto path = dir.write("deckhand.opts", "--log-level info\n--migrations ''\n");
    try {
        split_opts_tokens(read_opts_file(path.string()), "deckhand.opts");
        FAIL();
    } catch (const deckhand::ConfigError& e) {
        EXPECT_NE(
            std::string(e.what()).find("deckhand.opts line 2: --migrations is given an empty"),
            std::string::npos)
            << e.what();
    }
}

TEST(OptsFile, AStrayWordIsNamedByItsPlaceNeverShown) {
    // An unquoted URL whose password holds a space splits into two words.
    deckhand::test::TempDir dir;
    auto path = dir.write("deckhand.opts", "--database-url postgres://app:pass word@db/app\n");
    try {
        split_opts_tokens(read_opts_file(path.string()), "deckhand.opts");
        FAIL();
    } catch (const deckhand::ConfigError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("deckhand.opts line 1: word 3 is not an option"), std::string::npos)
            << message;
        EXPECT_EQ(message.find("word@db"), std::string::npos) << message;
        EXPECT_EQ(message.find("pass"), std::string::npos) << message;
    }
}
