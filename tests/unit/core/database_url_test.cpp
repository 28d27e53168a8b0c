// Database URLs as the core knows them: the scheme (with its other spellings), the text, the
// path of file URLs, and a sentence for text that is no URL at all. What the rest means is the
// drivers' (tests/unit/postgres/url_test.cpp, tests/integration/sqlite_driver/url_test.cpp).
#include "deckhand/database_url.hpp"

#include <gtest/gtest.h>

#include "deckhand/errors.hpp"

using deckhand::ConfigError;
using deckhand::parse_database_url;

namespace {

std::string rejection(const std::string& text) {
    try {
        parse_database_url(text, "--database-url");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST(DatabaseUrl, TheSchemeIsLowerCasedAndItsOtherSpellingsNamedOnce) {
    EXPECT_EQ(parse_database_url("POSTGRES://db/app", "x").scheme, "postgres");
    EXPECT_EQ(parse_database_url("postgresql://db/app", "x").scheme, "postgres");
    EXPECT_EQ(parse_database_url("sqlite3:app.db", "x").scheme, "sqlite");
}

TEST(DatabaseUrl, TheTextAndItsOriginAreKeptForTheDriver) {
    auto url =
        parse_database_url("postgres://app:s3cret@db:5432/app?sslmode=bogus", "DATABASE_URL");
    EXPECT_EQ(url.text, "postgres://app:s3cret@db:5432/app?sslmode=bogus");
    EXPECT_EQ(url.origin, "DATABASE_URL");
    EXPECT_EQ(url.path, "");  // a URL with a host has no path of a file
}

TEST(DatabaseUrl, FileUrlsHaveTheirPathDecoded) {
    EXPECT_EQ(parse_database_url("sqlite:data/app.db", "x").path, "data/app.db");
    EXPECT_EQ(parse_database_url("sqlite:///var/lib/app.db", "x").path, "/var/lib/app.db");
    EXPECT_EQ(parse_database_url("sqlite:/var/lib/app.db", "x").path, "/var/lib/app.db");
    EXPECT_EQ(parse_database_url("sqlite:my%20app.db", "x").path, "my app.db");
    EXPECT_EQ(parse_database_url("sqlite::memory:", "x").path, ":memory:");
}

TEST(DatabaseUrl, UnknownSchemesAreLeftToTheirDriver) {
    auto url = parse_database_url("mysql://root@localhost/app", "x");
    EXPECT_EQ(url.scheme, "mysql");
    EXPECT_EQ(url.text, "mysql://root@localhost/app");
    // What the core does not parse, it does not refuse either: the driver's check does.
    EXPECT_EQ(rejection("postgres://h:99999/db"), "(accepted)");
    EXPECT_EQ(rejection("sqlite:"), "(accepted)");
}

TEST(DatabaseUrl, TextThatIsNoUrlIsRejectedWithASentenceNamingTheSource) {
    EXPECT_NE(rejection("localhost:5432").find("is not a database URL but a host and port"),
              std::string::npos);
    EXPECT_NE(rejection("just-text").find("the database URL from --database-url"),
              std::string::npos);
}

TEST(DatabaseUrl, DriversDecodeThePartsOfTheirUrlsWithTheSameSentences) {
    EXPECT_EQ(deckhand::decode_url_part("a%20b%2F", "path", "x"), "a b/");
    try {
        deckhand::decode_url_part("p%zz", "password", "--database-url");
        FAIL() << "accepted";
    } catch (const ConfigError& e) {
        EXPECT_STREQ(e.what(),
                     "the database URL from --database-url has a malformed percent-escape in its "
                     "password (write a literal % as %25)");
    }
    EXPECT_THROW(deckhand::decode_url_part("a%00b", "password", "x"), ConfigError);
}
