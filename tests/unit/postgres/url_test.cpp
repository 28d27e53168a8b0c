// postgres:// URLs parsed by the postgres driver: every libpq parameter, and a sentence for each
// URL it refuses, none of which shows the password.
#include "url.hpp"

#include <gtest/gtest.h>

#include "deckhand/errors.hpp"

using deckhand::ConfigError;
using deckhand::parse_database_url;
using deckhand::postgres::ConnectionParameters;

namespace {

ConnectionParameters parsed(const std::string& text) {
    return deckhand::postgres::parse_url(parse_database_url(text, "x"));
}

std::string rejection(const std::string& text) {
    try {
        deckhand::postgres::parse_url(parse_database_url(text, "--database-url"));
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST(PostgresUrl, YieldsEveryLibpqParameter) {
    auto url =
        parsed("postgres://app:s3cret@db.example:6543/blog?sslmode=require&application_name=jobs");
    EXPECT_EQ(url.get("user"), "app");
    EXPECT_EQ(url.get("password"), "s3cret");
    EXPECT_EQ(url.get("host"), "db.example");
    EXPECT_EQ(url.get("port"), "6543");
    EXPECT_EQ(url.get("dbname"), "blog");
    EXPECT_EQ(url.get("sslmode"), "require");
    EXPECT_EQ(url.get("application_name"), "jobs");
}

TEST(PostgresUrl, PostgresqlSchemeIsTheSameDriver) {
    EXPECT_EQ(parse_database_url("postgresql://db/app", "x").scheme, "postgres");
    EXPECT_EQ(parsed("postgresql://db/app").get("dbname"), "app");
}

TEST(PostgresUrl, PercentEscapesAreDecodedInUserPasswordAndDatabase) {
    auto url = parsed("postgres://us%40er:p%40ss%2Fw%3Ad@h/my%20db");
    EXPECT_EQ(url.get("user"), "us@er");
    EXPECT_EQ(url.get("password"), "p@ss/w:d");
    EXPECT_EQ(url.get("dbname"), "my db");
}

TEST(PostgresUrl, IPv6HostsAndSeveralHostsAreKept) {
    auto url = parsed("postgres://[::1]:5433,db2:5434/app");
    EXPECT_EQ(url.get("host"), "::1,db2");
    EXPECT_EQ(url.get("port"), "5433,5434");
}

TEST(PostgresUrl, SocketDirectoryComesFromTheHostParameter) {
    auto url = parsed("postgres:///app?host=/var/run/postgresql");
    EXPECT_EQ(url.get("host"), "/var/run/postgresql");
    EXPECT_EQ(url.get("dbname"), "app");
}

TEST(PostgresUrl, ConninfoQuotesValuesAsLibpqExpects) {
    auto url = parsed("postgres://o%27neil:a%5Cb@h/d");
    EXPECT_EQ(url.conninfo(), "user='o\\'neil' password='a\\\\b' host='h' dbname='d'");
}

TEST(PostgresUrl, BadUrlsAreRejectedWithASentenceNamingTheSource) {
    EXPECT_NE(rejection("postgres:app").find("must start with postgres://"), std::string::npos);
    EXPECT_NE(rejection("postgres://h:99999/db").find("a port that is not a number"),
              std::string::npos);
    EXPECT_NE(rejection("postgres://h:abc/db").find("not a number"), std::string::npos);
    EXPECT_NE(rejection("postgres://u:p%zz@h/db").find("percent-escape in its password"),
              std::string::npos);
    EXPECT_NE(rejection("postgres://h/db?sslmode").find("without a value"), std::string::npos);
    EXPECT_NE(rejection("postgres://[::1/db").find("unclosed '['"), std::string::npos);
    EXPECT_NE(rejection("postgres://h:0/db").find("the database URL from --database-url"),
              std::string::npos);
}

TEST(PostgresUrl, RejectionsNeverContainThePassword) {
    EXPECT_EQ(rejection("postgres://u:hunter2@h:0/db").find("hunter2"), std::string::npos);
}

TEST(PostgresUrl, LibpqParameterValuesAreCheckedWhenParsed) {
    EXPECT_NE(rejection("postgres://h/db?sslmode=bogus")
                  .find("has sslmode=bogus, which is not one of disable, allow, prefer, require, "
                        "verify-ca, verify-full"),
              std::string::npos);
    EXPECT_NE(
        rejection("postgres://h/db?target_session_attrs=primary-ish").find("target_session_attrs"),
        std::string::npos);
    EXPECT_NE(rejection("postgres://h/db?connect_timeout=soon").find("connect_timeout=soon"),
              std::string::npos);
    EXPECT_EQ(rejection("postgres://h/db?sslmode=verify-full&connect_timeout=5"), "(accepted)");
}

TEST(PostgresUrl, APasswordWithAnUnencodedSlashQuestionMarkOrHashIsRefusedUnshown) {
    for (const std::string password :
         {"pa/ss-XYZ", "pa?ss-XYZ", "pa#ss-XYZ", "a/b?c#d@e-XYZ", "?Password=XYZ"}) {
        const auto message = rejection("postgres://app:" + password + "@db:5432/app");
        EXPECT_NE(message.find("the database URL from --database-url"), std::string::npos)
            << message;
        EXPECT_NE(message.find("percent-encode"), std::string::npos) << message;
        EXPECT_EQ(message.find("XYZ"), std::string::npos) << message;
    }
}

TEST(PostgresUrl, APasswordWithAnUnencodedAtColonOrSpaceStillParses) {
    auto url = parsed("postgres://app:p@ss: w\"o\'rd@db/app");
    EXPECT_EQ(url.get("password"), "p@ss: w\"o\'rd");
    EXPECT_EQ(url.get("host"), "db");
    EXPECT_EQ(url.get("dbname"), "app");
}

TEST(PostgresUrl, APercentEscapedNulIsRefused) {
    EXPECT_NE(rejection("postgres://app:a%00b@db/app").find("NUL byte (%00) in its password"),
              std::string::npos);
}
