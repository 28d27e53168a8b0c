// Opening connections: options passed to the server, what the connection says about itself,
// and connection failures as one sentence with the URL redacted.
#include <gtest/gtest.h>

#include "deckhand/db/errors.hpp"
#include "deckhand/errors.hpp"
#include "driver_test.hpp"
#include "support/ports.hpp"

namespace deckhand::test {
namespace {

class Connect : public PostgresDriverTest {
  protected:
    std::string connection_error(const std::string& url_text) {
        try {
            postgres::open_postgres(parse_database_url(url_text, "the test"), db::ConnectOptions{});
        } catch (const db::ConnectionError& error) {
            return error.what();
        }
        ADD_FAILURE() << "connecting should have failed";
        return {};
    }
};

TEST_F(Connect, DescribesTheServerTheUserAndWhatTheDialectCanDo) {
    auto connection = connect();
    EXPECT_EQ(connection->dialect(), "postgres");
    EXPECT_EQ(connection->server_version().rfind("PostgreSQL 15.", 0), 0U)
        << connection->server_version();
    EXPECT_EQ(connection->current_user(), "postgres");
    db::Capabilities capabilities = connection->capabilities();
    EXPECT_TRUE(capabilities.transactional_ddl);
    EXPECT_TRUE(capabilities.advisory_locks);
    EXPECT_TRUE(capabilities.concurrent_index);
    EXPECT_FALSE(connection->in_transaction());
}

TEST_F(Connect, SendsTheApplicationNameUnlessTheUrlSetsOne) {
    auto named = connect("deckhand-connect-test");
    EXPECT_EQ(named->query("SELECT current_setting('application_name')").rows.at(0).at(0),
              "deckhand-connect-test");
    auto from_url = postgres::open_postgres(
        parse_database_url(server_->url(database_) + "?application_name=from-url", "the test"),
        db::ConnectOptions{});
    EXPECT_EQ(from_url->query("SELECT current_setting('application_name')").rows.at(0).at(0),
              "from-url");
}

TEST_F(Connect, TalksUtf8WhateverTheServerDefault) {
    auto connection = connect();
    EXPECT_EQ(connection->query("SHOW client_encoding").rows.at(0).at(0), "UTF8");
}

TEST_F(Connect, WrongPasswordIsAConnectionErrorThatNeverShowsThePassword) {
    const std::string secret = "Wr0ng-s3cret-pw";
    std::string message = connection_error("postgres://postgres:" + secret + "@127.0.0.1:" +
                                           std::to_string(server_->port()) + "/postgres");
    EXPECT_EQ(message.find(secret), std::string::npos) << message;
    EXPECT_EQ(message, "cannot connect to postgres://postgres:***@127.0.0.1:" +
                           std::to_string(server_->port()) +
                           "/postgres: password authentication failed for user \"postgres\"");
}

TEST_F(Connect, UnreachablePortIsAConnectionErrorNamingTheUrl) {
    const int port = free_local_port();
    std::string message = connection_error("postgres://postgres:" + server_->password() +
                                           "@127.0.0.1:" + std::to_string(port) + "/postgres");
    EXPECT_EQ(message.find(server_->password()), std::string::npos) << message;
    EXPECT_EQ(message.rfind("cannot connect to postgres://postgres:***@127.0.0.1:" +
                                std::to_string(port) + "/postgres: Connection refused",
                            0),
              0U)
        << message;
}

TEST_F(Connect, UnknownDatabaseIsAConnectionError) {
    std::string message = connection_error(server_->url("no_such_database"));
    EXPECT_NE(message.find("database \"no_such_database\" does not exist"), std::string::npos)
        << message;
}

TEST_F(Connect, ParameterLibpqDoesNotKnowIsAConfigurationError) {
    EXPECT_THROW(postgres::open_postgres(
                     parse_database_url(server_->url(database_) + "?no_such_option=1", "the test"),
                     db::ConnectOptions{}),
                 ConfigError);
}

}  // namespace
}  // namespace deckhand::test
