// Option values as a user gives them, wrongly: an empty value for any option that takes one
// (`--target ''` from an unset $VERSION in a Job manifest) is a usage error naming the option, for
// every option of every command, on the command line and in deckhand.opts, before anything runs;
// a URL file holding more than the URL, or a folder, is refused naming it; a typo in deckhand.opts
// is a warning naming the file and line.
#include <regex>
#include <sstream>

#include "e2e_fixture.hpp"

namespace fs = std::filesystem;
using deckhand::test::InstalledDeckhand;
using deckhand::test::ProcessOptions;
using deckhand::test::ProcessResult;
using deckhand::test::shown;
using testing::HasSubstr;
using testing::Not;

namespace {

struct Option {
    std::string flag;     // "--target"
    bool implicit_value;  // "--flag" alone means something, so only "--flag=" can be empty
};

// The options that take a value, read from a help text ("  --target VERSION  ...").
std::vector<Option> options_with_values(const std::string& help) {
    static const std::regex line(R"(^  (--[a-z0-9-]+) (\[=)?[^ (])");
    std::vector<Option> found;
    std::istringstream lines(help);
    for (std::string text; std::getline(lines, text);) {
        std::smatch match;
        if (std::regex_search(text, match, line)) {
            found.push_back({match[1], match[2].matched});
        }
    }
    return found;
}

// The duration options read from a help text: those whose value is named D ("  --timeout D").
std::vector<std::string> duration_options(const std::string& help) {
    static const std::regex line(R"(^  (--[a-z0-9-]+) D )");
    std::vector<std::string> found;
    std::istringstream lines(help);
    for (std::string text; std::getline(lines, text);) {
        std::smatch match;
        if (std::regex_search(text, match, line)) {
            found.push_back(match[1]);
        }
    }
    return found;
}

// The command names listed by `deckhand help`.
std::vector<std::string> command_names(const std::string& help) {
    static const std::regex line(R"(^  ([a-z][a-z0-9-]*)  )");
    std::vector<std::string> found;
    std::istringstream lines(help);
    bool in_commands = false;
    for (std::string text; std::getline(lines, text);) {
        if (text == "Commands:") {
            in_commands = true;
        } else if (text.empty()) {
            in_commands = false;
        } else if (std::smatch match; in_commands && std::regex_search(text, match, line)) {
            found.push_back(match[1]);
        }
    }
    return found;
}

}  // namespace

class OptionValuesEndToEnd : public InstalledDeckhand {
  protected:
    OptionValuesEndToEnd() {
        add_test_plugin("greeter");
        fs::copy(fs::path(DECKHAND_TEST_SOURCE_DIR) / "commands", work().path() / "commands");
        work().write("migrations/V1__create_notes.sql", "CREATE TABLE notes (id INTEGER);\n");
    }

    // Expects exit 2 with one sentence naming `flag` as given an empty value, and no database.
    void expect_empty_refused(const ProcessResult& result, const std::string& flag) const {
        EXPECT_EQ(result.exit_code, 2) << shown(result);
        EXPECT_THAT(result.err, HasSubstr(flag + " is given an empty value")) << shown(result);
        EXPECT_FALSE(fs::exists(work().path() / "deckhand.db")) << shown(result);
    }
};

TEST_F(OptionValuesEndToEnd, EveryCommandOptionThatTakesAValueRefusesAnEmptyOne) {
    auto general = deckhand({"help"});
    ASSERT_EQ(general.exit_code, 0) << shown(general);
    const auto commands = command_names(general.out);
    ASSERT_THAT(commands, testing::IsSupersetOf({"migrate", "status", "seed", "sql", "greet",
                                                 "wait-for-job", "list-posts", "archive-posts"}));
    std::size_t checked = 0;
    for (const auto& command : commands) {
        auto help = deckhand({"help", command});
        ASSERT_EQ(help.exit_code, 0) << shown(help);
        bool first = true;
        for (const auto& option : options_with_values(help.out)) {
            SCOPED_TRACE(command + " " + option.flag);
            // Both spellings reach one check; "--flag=" is tried once per command, and wherever
            // it is the only way to give an empty value.
            if (option.implicit_value || first) {
                expect_empty_refused(deckhand({command, option.flag + "="}), option.flag);
            }
            if (!option.implicit_value) {
                expect_empty_refused(deckhand({command, option.flag, ""}), option.flag);
            }
            first = false;
            ++checked;
        }
    }
    EXPECT_GE(checked, 20u);
}

TEST_F(OptionValuesEndToEnd, EveryDurationOptionRefusesABadValueNamingTheFlagAndTheLine) {
    auto general = deckhand({"help"});
    ASSERT_EQ(general.exit_code, 0) << shown(general);
    std::size_t checked = 0;
    for (const auto& command : command_names(general.out)) {
        auto help = deckhand({"help", command});
        ASSERT_EQ(help.exit_code, 0) << shown(help);
        for (const auto& flag : duration_options(help.out)) {
            SCOPED_TRACE(testing::Message() << command << " " << flag);
            const std::string sentence =
                flag + " expects a duration such as 90s, 5m, 1h30m or 250ms, not 'soon'";
            // wait-for-job is given its NAME, so only the duration is wrong.
            std::vector<std::string> args{command};
            if (command == "wait-for-job") {
                args.emplace_back("job");
            }
            args.insert(args.end(), {flag, "soon"});
            auto given = deckhand(args);
            EXPECT_EQ(given.exit_code, 2) << shown(given);
            EXPECT_EQ(given.err, "deckhand: " + sentence + "\n") << shown(given);
            work().write("deckhand.opts", "# defaults\n" + flag + " soon\n");
            args.resize(args.size() - 2);
            auto from_file = deckhand(args);
            EXPECT_EQ(from_file.exit_code, 2) << shown(from_file);
            EXPECT_EQ(from_file.err, "deckhand: deckhand.opts line 2: " + sentence + "\n")
                << shown(from_file);
            fs::remove(work().path() / "deckhand.opts");
            EXPECT_FALSE(fs::exists(work().path() / "deckhand.db"));
            ++checked;
        }
    }
    // status --timeout; migrate --lock-timeout, --statement-timeout, --ddl-lock-timeout;
    // baseline, repair and seed --lock-timeout; wait-for-job --timeout.
    EXPECT_GE(checked, 8u);
}

TEST_F(OptionValuesEndToEnd, AnEmptyTargetMigratesNothing) {
    auto result = deckhand({"migrate", "--target", ""});
    expect_empty_refused(result, "--target");
    EXPECT_EQ(result.err,
              "deckhand: migrate --target is given an empty value (an unset "
              "variable?); give it a value or leave it out\n");
}

TEST_F(OptionValuesEndToEnd, AnEmptyPositionalArgumentIsRefusedByName) {
    auto result = deckhand({"sql", ""});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("the FILE argument of sql is given an empty value"));
}

TEST_F(OptionValuesEndToEnd, GlobalOptionsRefuseEmptyValuesOnTheCommandLineAndInDeckhandOpts) {
    for (const char* flag : {"--database-url", "--database-url-file", "--migrations", "--commands",
                             "--plugin-dir", "--log-level", "--log-format", "--environment"}) {
        SCOPED_TRACE(flag);
        expect_empty_refused(deckhand({"migrate", flag, ""}), flag);
        expect_empty_refused(deckhand({std::string(flag) + "=", "migrate"}), flag);
        work().write("deckhand.opts", "# defaults\n" + std::string(flag) + "=\n");
        auto from_file = deckhand({"migrate"});
        expect_empty_refused(from_file, flag);
        EXPECT_THAT(from_file.err, HasSubstr("deckhand.opts line 2")) << shown(from_file);
        work().write("deckhand.opts", std::string(flag) + " ''\n");
        expect_empty_refused(deckhand({"migrate"}), flag);
        fs::remove(work().path() / "deckhand.opts");
    }
}

TEST_F(OptionValuesEndToEnd, CommandOptionsInDeckhandOptsRefuseEmptyValuesNamingTheLine) {
    work().write("deckhand.opts", "--migrations migrations\n--lock-timeout=\n");
    auto result = deckhand({"migrate"});
    expect_empty_refused(result, "--lock-timeout");
    EXPECT_THAT(result.err, HasSubstr("deckhand.opts line 2"));
}

TEST_F(OptionValuesEndToEnd, AnEmptyVariableStillCountsAsUnset) {
    ProcessOptions options;
    options.set_env["DECKHAND_MIGRATIONS"] = "";
    options.set_env["DECKHAND_DATABASE_URL"] = "";
    auto result = deckhand({"migrate", "--database-url", "sqlite:notes.db"}, options);
    EXPECT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.out + result.err, HasSubstr("V1"));
}

TEST_F(OptionValuesEndToEnd, AUrlFileHoldingTwoLinesIsRefusedNamingItWithoutShowingThem) {
    const auto file = work().write("url", "sqlite:first.db\nsqlite:second-s3cret.db\n");
    auto result = deckhand({"--database-url-file", file.string(), "migrate"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("the database URL file " + file.string()));
    EXPECT_THAT(result.err, HasSubstr("holds 2 lines"));
    EXPECT_THAT(result.err, Not(HasSubstr("s3cret")));
    EXPECT_FALSE(fs::exists(work().path() / "first.db"));
    EXPECT_FALSE(fs::exists(work().path() / "first.dbsqlite:second-s3cret.db"));
}

TEST_F(OptionValuesEndToEnd, AUrlFileWithBlankLinesAndSpacesAroundTheUrlIsFine) {
    const auto file = work().write("url", "\n  sqlite:notes.db \r\n\n\t\n");
    auto result = deckhand({"--database-url-file", file.string(), "migrate"});
    EXPECT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_TRUE(fs::exists(work().path() / "notes.db"));
}

TEST_F(OptionValuesEndToEnd, AFolderGivenAsTheUrlFileIsRefusedNamingIt) {
    fs::create_directory(work().path() / "secret");
    ProcessOptions options;
    options.set_env["DECKHAND_DATABASE_URL_FILE"] = (work().path() / "secret").string();
    auto result = deckhand({"migrate"}, options);
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.err, HasSubstr((work().path() / "secret").string() + " (from " +
                                      "DECKHAND_DATABASE_URL_FILE) is a folder"));
}

TEST_F(OptionValuesEndToEnd, ATypoInDeckhandOptsIsAWarningNamingTheFileAndLine) {
    work().write("deckhand.opts", "--times 2\n\n--lock-timout 10m  # typo\n");
    auto result = deckhand({"greet"});
    EXPECT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_EQ(result.out, "hello, world\nhello, world\n");
    EXPECT_THAT(result.err, HasSubstr("warn  deckhand.opts line 3: --lock-timout is not an option "
                                      "of any command, so it is ignored; did you mean "
                                      "--lock-timeout?"));
}

TEST_F(OptionValuesEndToEnd, AnOptionOfAnotherCommandInDeckhandOptsIsSilent) {
    work().write("deckhand.opts", "--lock-timeout 10m\n--phase post\n--before 2025-01-01\n");
    auto result = deckhand({"greet"});
    EXPECT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.err, Not(HasSubstr("warn"))) << shown(result);
}
