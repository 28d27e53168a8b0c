// Database URL parsing: every accepted form, and a sentence for each rejected one.
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

TEST(DatabaseUrl, PostgresUrlYieldsEveryLibpqParameter) {
    auto url = parse_database_url(
        "postgres://app:s3cret@db.example:6543/blog?sslmode=require&application_name=jobs",
        "--database-url");
    EXPECT_EQ(url.scheme, "postgres");
    EXPECT_EQ(url.parameter("user"), "app");
    EXPECT_EQ(url.parameter("password"), "s3cret");
    EXPECT_EQ(url.parameter("host"), "db.example");
    EXPECT_EQ(url.parameter("port"), "6543");
    EXPECT_EQ(url.parameter("dbname"), "blog");
    EXPECT_EQ(url.parameter("sslmode"), "require");
    EXPECT_EQ(url.parameter("application_name"), "jobs");
}

TEST(DatabaseUrl, PostgresqlSchemeIsTheSameDriver) {
    EXPECT_EQ(parse_database_url("postgresql://localhost/app", "x").scheme, "postgres");
}

TEST(DatabaseUrl, PercentEscapesAreDecodedInUserPasswordAndDatabase) {
    auto url = parse_database_url("postgres://us%40er:p%40ss%2Fw%3Ad@host/my%20db", "x");
    EXPECT_EQ(url.parameter("user"), "us@er");
    EXPECT_EQ(url.parameter("password"), "p@ss/w:d");
    EXPECT_EQ(url.parameter("dbname"), "my db");
}

TEST(DatabaseUrl, IPv6HostsAndSeveralHostsAreKept) {
    auto url = parse_database_url("postgres://[::1]:5433,db2:5434/app", "x");
    EXPECT_EQ(url.parameter("host"), "::1,db2");
    EXPECT_EQ(url.parameter("port"), "5433,5434");
}

TEST(DatabaseUrl, SocketDirectoryComesFromTheHostParameter) {
    auto url = parse_database_url("postgres:///app?host=/var/run/postgresql", "x");
    EXPECT_EQ(url.parameter("host"), "/var/run/postgresql");
    EXPECT_EQ(url.parameter("dbname"), "app");
}

TEST(DatabaseUrl, ConninfoQuotesValuesAsLibpqExpects) {
    auto url = parse_database_url("postgres://o%27neil:a%5Cb@h/d", "x");
    EXPECT_EQ(url.conninfo(), "user='o\\'neil' password='a\\\\b' host='h' dbname='d'");
}

TEST(DatabaseUrl, SqliteRelativeAbsoluteAndMemoryForms) {
    auto relative = parse_database_url("sqlite:data/app.db", "x");
    EXPECT_EQ(relative.scheme, "sqlite");
    EXPECT_EQ(relative.path, "data/app.db");
    EXPECT_FALSE(relative.in_memory);
    EXPECT_EQ(parse_database_url("sqlite:///var/lib/app.db", "x").path, "/var/lib/app.db");
    EXPECT_EQ(parse_database_url("sqlite:/var/lib/app.db", "x").path, "/var/lib/app.db");
    auto memory = parse_database_url("sqlite::memory:", "x");
    EXPECT_TRUE(memory.in_memory);
    EXPECT_EQ(memory.path, ":memory:");
}

TEST(DatabaseUrl, UnknownSchemesAreLeftToTheirDriver) {
    auto url = parse_database_url("mysql://root@localhost/app", "x");
    EXPECT_EQ(url.scheme, "mysql");
    EXPECT_EQ(url.path, "//root@localhost/app");
}

TEST(DatabaseUrl, BadUrlsAreRejectedWithASentenceNamingTheSource) {
    EXPECT_NE(rejection("localhost:5432").find("is not a database URL but a host and port"),
              std::string::npos);
    EXPECT_NE(rejection("just-text").find("the database URL from --database-url"),
              std::string::npos);
    EXPECT_NE(rejection("postgres:app").find("must start with postgres://"), std::string::npos);
    EXPECT_NE(rejection("postgres://h:99999/db").find("a port that is not a number"),
              std::string::npos);
    EXPECT_NE(rejection("postgres://h:abc/db").find("not a number"), std::string::npos);
    EXPECT_NE(rejection("postgres://u:p%zz@h/db").find("percent-escape in its password"),
              std::string::npos);
    EXPECT_NE(rejection("postgres://h/db?sslmode").find("without a value"), std::string::npos);
    EXPECT_NE(rejection("postgres://[::1/db").find("unclosed '['"), std::string::npos);
    EXPECT_NE(rejection("sqlite:").find("names no file"), std::string::npos);
    EXPECT_NE(rejection("sqlite://relative.db").find("no absolute path"), std::string::npos);
}

TEST(DatabaseUrl, RejectionsNeverContainThePassword) {
    EXPECT_EQ(rejection("postgres://u:hunter2@h:0/db").find("hunter2"), std::string::npos);
}

TEST(DatabaseUrl, LibpqParameterValuesAreCheckedWhenParsed) {
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

TEST(DatabaseUrl, APasswordWithAnUnencodedSlashQuestionMarkOrHashIsRefusedUnshown) {
    for (const std::string password :
         {"pa/ss-XYZ", "pa?ss-XYZ", "pa#ss-XYZ", "a/b?c#d@e-XYZ", "?Password=XYZ"}) {
        const auto message = rejection("postgres://app:" + password + "@db:5432/app");
        EXPECT_NE(message.find("the database URL from --database-url"), std::string::npos)
            << message;
        EXPECT_NE(message.find("percent-encode"), std::string::npos) << message;
        EXPECT_EQ(message.find("XYZ"), std::string::npos) << message;
    }
}

TEST(DatabaseUrl, APasswordWithAnUnencodedAtColonOrSpaceStillParses) {
    auto url = parse_database_url("postgres://app:p@ss: w\"o\'rd@db/app", "x");
    EXPECT_EQ(url.parameter("password"), "p@ss: w\"o\'rd");
    EXPECT_EQ(url.parameter("host"), "db");
    EXPECT_EQ(url.parameter("dbname"), "app");
}

TEST(DatabaseUrl, APercentEscapedNulIsRefused) {
    EXPECT_NE(rejection("postgres://app:a%00b@db/app").find("NUL byte (%00) in its password"),
              std::string::npos);
}
