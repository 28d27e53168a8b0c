// The base of every postgres driver test: the shared server, a fresh database named after the
// test, and connections to it through the driver library (no plugin loading).
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <memory>
#include <string>

#include "deckhand/database_url.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/db/driver.hpp"
#include "deckhand/postgres/postgres_connection.hpp"
#include "support/eventually.hpp"
#include "support/postgres_server.hpp"

namespace deckhand::test {

class PostgresDriverTest : public ::testing::Test {
  protected:
    void SetUp() override {
        try {
            server_ = &shared_postgres();
            database_ = database_name_for_this_test();
            url_ = parse_database_url(server_->create_database(database_), "the test database");
        } catch (const std::exception& error) {
            FAIL() << error.what();
        }
    }

    std::unique_ptr<db::Connection> connect(
        const std::string& application_name = "deckhand") const {
        db::ConnectOptions options;
        options.application_name = application_name;
        return postgres::open_postgres(url_, options);
    }

    // SQL as superuser on the test's database, through psql (independent of the driver).
    std::string psql(const std::string& sql) const { return server_->psql(sql, database_); }

    PostgresServer* server_ = nullptr;
    std::string database_;
    DatabaseUrl url_;

  private:
    static std::string database_name_for_this_test() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = "t_";
        for (char c : std::string(info->name())) {
            if (name.size() >= 60) {
                break;
            }
            name += std::isalnum(static_cast<unsigned char>(c)) != 0
                        ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                        : '_';
        }
        return name;
    }
};

}  // namespace deckhand::test
