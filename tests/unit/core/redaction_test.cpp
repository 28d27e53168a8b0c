// Passwords never appear in what deckhand prints: a URL's redacted form is built from its parse,
// foreign text is masked by pattern, known secrets are scrubbed, control characters escaped.
#include <gtest/gtest.h>

#include "cli/secret_assignments.hpp"
#include "deckhand/database_url.hpp"
#include "log/known_secrets.hpp"
#include "text/terminal_text.hpp"

using deckhand::escape_control_characters;
using deckhand::parse_database_url;
using deckhand::redact_secrets;

TEST(Redaction, UrlPasswordIsMasked) {
    EXPECT_EQ(parse_database_url("postgres://app:s3cret@db/blog", "x").redacted(),
              "postgres://app:***@db/blog");
}

TEST(Redaction, PasswordsWithAtAndSlashAreMaskedWhole) {
    EXPECT_EQ(redact_secrets("postgres://app:p@ss/word@db:5432/blog"),
              "postgres://app:***@db:5432/blog");
}

TEST(Redaction, UrlsInsideMessagesAreMasked) {
    EXPECT_EQ(redact_secrets(
                  "cannot connect to postgres://u:pw@h/db: refused; retry postgresql://v:x@y/z"),
              "cannot connect to postgres://u:***@h/db: refused; retry postgresql://v:***@y/z");
}

TEST(Redaction, PasswordKeywordsAreMasked) {
    EXPECT_EQ(redact_secrets("host=db password=s3cret user=app"), "host=db password=*** user=app");
    EXPECT_EQ(redact_secrets("password='it\\'s secret' user=app"), "password=*** user=app");
    EXPECT_EQ(redact_secrets("postgres://h/db?sslmode=require&password=s3cret&x=1"),
              "postgres://h/db?sslmode=require&password=***&x=1");
}

TEST(Redaction, UrlsWithoutPasswordsAreUnchanged) {
    EXPECT_EQ(redact_secrets("postgres://app@db/blog and sqlite:deckhand.db"),
              "postgres://app@db/blog and sqlite:deckhand.db");
    EXPECT_EQ(redact_secrets("https://example.com/a@b"), "https://example.com/a@b");
}

TEST(Redaction, TheRedactedUrlKeepsTheTextButEverySecret) {
    EXPECT_EQ(parse_database_url("postgres://app:p@ss: w\"o'rd@db:5432/blog?sslmode=require", "x")
                  .redacted(),
              "postgres://app:***@db:5432/blog?sslmode=require");
    EXPECT_EQ(
        parse_database_url("postgres://db/blog?user=app&Password=s3cret&application_name=x", "x")
            .redacted(),
        "postgres://db/blog?user=app&Password=***&application_name=x");
    EXPECT_EQ(
        parse_database_url("postgres://db/blog?sslpassword=s3cret&password=a%20b", "x").redacted(),
        "postgres://db/blog?sslpassword=***&password=***");
    EXPECT_EQ(parse_database_url("postgres://app:%2F%3F%23@db/blog", "x").redacted(),
              "postgres://app:***@db/blog");
    EXPECT_EQ(parse_database_url("sqlite:data/app.db", "x").redacted(), "sqlite:data/app.db");
}

TEST(Redaction, ForeignSchemesHideTheirUserInfoAndSecretParameters) {
    EXPECT_EQ(parse_database_url("mysql://root:s3cret@localhost/app?token=abc&x=1", "x").redacted(),
              "mysql://root:***@localhost/app?token=***&x=1");
    EXPECT_EQ(parse_database_url("mysql://root:s/e?c@localhost/app", "x").redacted(),
              "mysql://***");
    EXPECT_EQ(parse_database_url("oracle:scott/tiger@db", "x").redacted(), "oracle:***");
}

TEST(Redaction, KnownSecretsAreScrubbedInEverySpelling) {
    deckhand::log::KnownSecrets secrets;
    secrets.add_url("postgres://app:p%40ss%20word@db/blog?Password=other-secret");
    EXPECT_EQ(secrets.scrub("a p@ss word, p%40ss%20word and other-secret"), "a ***, *** and ***");
    EXPECT_EQ(secrets.scrub("postgres://u:xy@h/db"), "postgres://u:***@h/db");
}

TEST(Redaction, SecretPlaceholderValuesFromSetArgumentsAndVariablesAreScrubbed) {
    const auto values = deckhand::cli::secret_placeholder_values(
        {"--set", "admin_password=hunter22", "--set=API_Token=tok-123", "--set", "table=posts",
         "--set=signing_key=", "--target", "3"},
        {{"stripe_secret", "sk_live_9"}, {"region", "eu-west"}});
    EXPECT_EQ(values, (std::vector<std::string>{"hunter22", "tok-123", "sk_live_9"}));

    deckhand::log::KnownSecrets secrets;
    for (const auto& value : values) {
        secrets.add_value(value);
    }
    secrets.add_value("abc");  // too short to tell from ordinary words
    EXPECT_EQ(secrets.scrub("no such table: hunter22; tok-123 sk_live_9 posts abc"),
              "no such table: ***; *** *** posts abc");
}

TEST(Redaction, PasswordKeywordsAreMaskedInAnyCase) {
    EXPECT_EQ(redact_secrets("PASSWORD=abc Password='x y' user=app"),
              "PASSWORD=*** Password=*** user=app");
}

TEST(TerminalText, ControlCharactersAreEscapedAndTextIsKept) {
    EXPECT_EQ(escape_control_characters("V1__a\x1b[31mred\r\x07.sql\x7f", false),
              "V1__a\\x1b[31mred\\r\\x07.sql\\x7f");
    EXPECT_EQ(escape_control_characters("two\nlines\tand a tab", false), "two\\nlines\tand a tab");
    EXPECT_EQ(escape_control_characters("two\nlines", true), "two\nlines");
    EXPECT_EQ(escape_control_characters("caf\xc3\xa9 \xe2\x9c\x93", false),
              "caf\xc3\xa9 \xe2\x9c\x93");
    // C1 CSI, a right-to-left override, and bytes that are not UTF-8.
    EXPECT_EQ(escape_control_characters("\xc2\x9b"
                                        "2J \xe2\x80\xae \xff\xc3",
                                        false),
              "\\u009b2J \\u202e \\xff\\xc3");
}
