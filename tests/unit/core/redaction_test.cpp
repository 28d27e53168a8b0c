// Passwords never appear in what deckhand prints: URLs and libpq keyword strings are masked.
#include <gtest/gtest.h>

#include "deckhand/database_url.hpp"

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
