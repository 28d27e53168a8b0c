// The working folder's .env through the installed binary: DATABASE_URL and DECKHAND_* taken from
// it with dbmate's (godotenv's) quoting, the environment winning, unreadable lines named, and
// never a look at it in production or inside Kubernetes.
#include "e2e_fixture.hpp"

namespace fs = std::filesystem;
using deckhand::test::InstalledDeckhand;
using deckhand::test::lines_with;
using deckhand::test::ProcessOptions;
using deckhand::test::ProcessResult;
using deckhand::test::shown;
using testing::HasSubstr;
using testing::Not;

namespace {

class DotenvEndToEnd : public InstalledDeckhand {
  protected:
    DotenvEndToEnd() { add_test_plugin("greeter"); }

    // `greet` logs the database URL it would use.
    ProcessResult greet(const ProcessOptions& options = {}) const {
        return deckhand({"greet"}, options);
    }
};

TEST_F(DotenvEndToEnd, SuppliesTheDatabaseUrlAndOtherSettings) {
    work().write(".env",
                 "# local development\n"
                 "DATABASE_URL=sqlite:from-dotenv.db\n"
                 "DECKHAND_LOG_LEVEL=debug\n"
                 "UNRELATED=ignored\n");
    auto result = greet();
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("using sqlite:from-dotenv.db")) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("debug")) << shown(result);  // DECKHAND_LOG_LEVEL taken
}

TEST_F(DotenvEndToEnd, QuotesCommentsAndExpansionAreReadAsDbmateReadsThem) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"DATABASE_URL=sqlite:plain.db # a comment", "sqlite:plain.db"},
        {"export DATABASE_URL = \"sqlite:${APP}-dev.db\" # a comment", "sqlite:blog-dev.db"},
        {"DATABASE_URL: sqlite:$APP.db", "sqlite:blog.db"},
        {"DATABASE_URL='sqlite:$APP #1.db'", "sqlite:$APP #1.db"},
        {"DATABASE_URL=\"sqlite:\\$APP.db\"", "sqlite:$APP.db"},
        {"DATABASE_URL=sqlite:a#b.db", "sqlite:a#b.db"},
    };
    for (const auto& [line, url] : cases) {
        SCOPED_TRACE(line);
        work().write(".env", "APP=blog\n" + line + "\n");
        auto result = greet();
        ASSERT_EQ(result.exit_code, 0) << shown(result);
        EXPECT_THAT(result.err, HasSubstr("using " + url + "\n")) << shown(result);
        EXPECT_THAT(result.err, Not(HasSubstr("warn"))) << shown(result);
    }
}

TEST_F(DotenvEndToEnd, TheEnvironmentWins) {
    work().write(".env", "DECKHAND_DATABASE_URL=sqlite:from-dotenv.db\n");
    ProcessOptions options;
    options.set_env["DATABASE_URL"] = "sqlite:from-environment.db";
    auto result = greet(options);
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("using sqlite:from-environment.db")) << shown(result);
    auto flag = deckhand({"--database-url", "sqlite:from-flag.db", "greet"});
    EXPECT_THAT(flag.err, HasSubstr("using sqlite:from-flag.db")) << shown(flag);
}

TEST_F(DotenvEndToEnd, ALineItCannotReadIsAWarningNamingTheLine) {
    work().write(".env",
                 "DECKHAND_LOG_FORMAT=text\n"
                 "this is not a setting\n"
                 "DECKHAND_MIGRATIONS=\"db\" trailing\n"
                 "DATABASE_URL=sqlite:good.db\n"
                 "DECKHAND_COMMANDS='never closed\n");
    auto result = greet();
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_EQ(lines_with(result.err, ".env:2: expected NAME=value").size(), 1u) << shown(result);
    EXPECT_EQ(lines_with(result.err, ".env:3: text follows the closing quote").size(), 1u)
        << shown(result);
    EXPECT_EQ(lines_with(result.err, ".env:5: the single quote").size(), 1u) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("using sqlite:good.db")) << shown(result);
}

TEST_F(DotenvEndToEnd, ABadValueIsNamedByItsLineInTheFile) {
    work().write(".env", "\nDECKHAND_LOG_LEVEL=loud\n");
    auto result = greet();
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.err, HasSubstr(".env line 2 (DECKHAND_LOG_LEVEL)")) << shown(result);
}

TEST_F(DotenvEndToEnd, NeverReadInsideKubernetesOrInProduction) {
    work().write(".env", "DATABASE_URL=sqlite:from-dotenv.db\n");
    ProcessOptions kubernetes;
    kubernetes.set_env["KUBERNETES_SERVICE_HOST"] = "10.96.0.1";
    auto in_cluster = deckhand({"greet", "--open"}, kubernetes);
    EXPECT_EQ(in_cluster.exit_code, 2) << shown(in_cluster);
    EXPECT_THAT(in_cluster.err, Not(HasSubstr("from-dotenv"))) << shown(in_cluster);

    ProcessOptions production;
    production.set_env["DECKHAND_ENVIRONMENT"] = "production";
    auto in_production = deckhand({"greet", "--open"}, production);
    EXPECT_EQ(in_production.exit_code, 2) << shown(in_production);
    EXPECT_THAT(in_production.err, Not(HasSubstr("from-dotenv"))) << shown(in_production);
    EXPECT_FALSE(fs::exists(work().path() / "from-dotenv.db"));

    // A .env that declares production is not used at all.
    work().write(".env", "DECKHAND_ENVIRONMENT=production\nDATABASE_URL=sqlite:from-dotenv.db\n");
    auto declared = greet();
    EXPECT_THAT(declared.err, HasSubstr(".env sets the environment to production"))
        << shown(declared);
    EXPECT_THAT(declared.err, Not(HasSubstr("using sqlite:from-dotenv.db"))) << shown(declared);
}

TEST_F(DotenvEndToEnd, HelpMentionsIt) {
    auto help = deckhand({"help"});
    ASSERT_EQ(help.exit_code, 0) << shown(help);
    EXPECT_THAT(help.out, HasSubstr("./.env supplies DATABASE_URL and DECKHAND_* variables"));
}

TEST_F(DotenvEndToEnd, APasswordFromTheFileIsNeverPrinted) {
    work().write(".env",
                 "DATABASE_URL=postgres://app:hunter2@127.0.0.1:1/blog?connect_timeout=1\n");
    auto result = deckhand({"greet", "--open"});
    EXPECT_NE(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.err + result.out, Not(HasSubstr("hunter2"))) << shown(result);
}

}  // namespace
