// What deckhand prints when it echoes user text: control characters in a file name, an option or
// a value never reach the terminal raw (stderr, the text log, the termination message; JSON logs
// are pure ASCII); URL mistakes deckhand can see are exit 2 before any connection; a version
// past 2^64 says it is too large.
#include <nlohmann/json.hpp>
#include <sstream>

#include "e2e_fixture.hpp"

namespace fs = std::filesystem;
using deckhand::test::InstalledDeckhand;
using deckhand::test::ProcessOptions;
using deckhand::test::shown;
using testing::HasSubstr;

namespace {

// The first byte a terminal would act on (a control character other than newline or tab, or a
// C1 control in UTF-8), or -1.
int first_raw_control(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7f) {
            return static_cast<int>(i);
        }
        if (byte == 0xc2 && i + 1 < text.size() &&
            static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

const std::string hostile = "mig\x1b[2J\x1b]0;owned\x07\rrations\xc2\x9b";

}  // namespace

class MessagesEndToEnd : public InstalledDeckhand {
  protected:
    MessagesEndToEnd() { add_test_plugin("greeter"); }
};

TEST_F(MessagesEndToEnd, ControlCharactersInAnErrorAreEscapedOnStderrAndInTheTerminationLog) {
    ProcessOptions options;
    options.set_env["KUBERNETES_SERVICE_HOST"] = "10.96.0.1";
    options.set_env["DECKHAND_TERMINATION_LOG"] = (work().path() / "termination-log").string();
    auto result = deckhand(
        {"--database-url", "sqlite:notes.db", "--migrations", hostile, "migrate"}, options);
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("mig\\x1b[2J\\x1b]0;owned\\x07\\rrations\\u009b"))
        << shown(result);
    EXPECT_EQ(first_raw_control(result.err), -1) << shown(result);
    const auto log = deckhand::test::read_file(work().path() / "termination-log");
    EXPECT_THAT(log, HasSubstr("\\x1b[2J"));
    EXPECT_EQ(first_raw_control(log), -1) << log;
}

TEST_F(MessagesEndToEnd, ControlCharactersInLogLinesAreEscapedAndJsonLinesAreAscii) {
    work().write("deckhand.opts", "--lock-" + hostile + " 10m\n");
    auto text = deckhand({"greet"});
    ASSERT_EQ(text.exit_code, 0) << shown(text);
    EXPECT_THAT(text.err, HasSubstr("warn  deckhand.opts line 1: --lock-mig\\x1b[2J"))
        << shown(text);
    EXPECT_EQ(first_raw_control(text.err), -1) << shown(text);

    auto json = deckhand({"--log-format", "json", "greet"});
    ASSERT_EQ(json.exit_code, 0) << shown(json);
    std::istringstream lines(json.err);
    int warnings = 0;
    for (std::string line; std::getline(lines, line);) {
        for (unsigned char c : line) {
            EXPECT_TRUE(c >= 0x20 && c < 0x7f) << line;
        }
        auto object = nlohmann::json::parse(line);
        if (object["level"] == "warn") {
            // deckhand.opts splits words at whitespace, \r included.
            EXPECT_THAT(object["message"].get<std::string>(),
                        HasSubstr("--lock-mig\x1b[2J\x1b]0;owned\x07 is not an option"));
            ++warnings;
        }
    }
    EXPECT_EQ(warnings, 1) << json.err;
}

TEST_F(MessagesEndToEnd, AnInvalidSslmodeIsAUrlErrorBeforeAnyConnection) {
    auto result = deckhand({"greet", "--open", "--database-url",
                            "postgres://app:s3cret@127.0.0.1:1/app?sslmode=bogus"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_EQ(result.err,
              "deckhand: the database URL from --database-url has sslmode=bogus, which is not one "
              "of disable, allow, prefer, require, verify-ca, verify-full\n");
}

TEST_F(MessagesEndToEnd, AVersionPastTwoToTheSixtyFourIsTooLarge) {
    work().write("migrations/V1__a.sql", "SELECT 1;\n");
    auto result = deckhand(
        {"--database-url", "sqlite:notes.db", "migrate", "--target", "18446744073709551617"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.err,
                HasSubstr("--target: '18446744073709551617' is too large for a version"));
    EXPECT_FALSE(fs::exists(work().path() / "notes.db"));
    work().write("migrations/V18446744073709551617__big.sql", "SELECT 1;\n");
    auto named = deckhand({"--database-url", "sqlite:notes.db", "migrate"});
    EXPECT_EQ(named.exit_code, 2) << shown(named);
    EXPECT_THAT(named.err, HasSubstr("'18446744073709551617' is too large for a version"));
    EXPECT_FALSE(fs::exists(work().path() / "notes.db"));  // found before the database opens
}
