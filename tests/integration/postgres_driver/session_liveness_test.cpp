// What keeps a session honest about a peer that is gone: client_connection_check_interval on the
// server (a killed runner's statement stops, and its migration lock is freed, within seconds) and
// TCP keepalives on deckhand's side of the socket.
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "driver_test.hpp"

namespace deckhand::test {
namespace {

using namespace std::chrono_literals;

class SessionLiveness : public PostgresDriverTest {
  protected:
    static std::string check_interval(db::Connection& connection) {
        return connection.query("SHOW client_connection_check_interval").rows.at(0).at(0).value();
    }

    // The keepalive timer of deckhand's end of the connection, in seconds until it fires, as
    // /proc/net/tcp shows it (timer kind 2; its time in clock ticks of 1/100 s); nullopt while
    // another timer (a retransmission) is pending or keepalives are off.
    static std::optional<long> keepalive_due_in(db::Connection& connection) {
        const std::string port =
            connection.query("SELECT inet_client_port()").rows.at(0).at(0).value();
        char local_port[8];
        std::snprintf(local_port, sizeof local_port, ":%04X", std::stoi(port));
        std::ifstream table("/proc/net/tcp");
        std::string line;
        std::getline(table, line);  // the header
        while (std::getline(table, line)) {
            std::istringstream fields(line);
            std::string slot, local, remote, state, queues, timer;
            fields >> slot >> local >> remote >> state >> queues >> timer;
            if (local.size() < 5 || local.substr(local.size() - 5) != local_port || state != "01") {
                continue;
            }
            if (timer.substr(0, 3) != "02:") {
                return std::nullopt;
            }
            return std::stol(timer.substr(3), nullptr, 16) / 100;
        }
        return std::nullopt;
    }
};

TEST_F(SessionLiveness, TheFirstLockAttemptAsksTheServerToWatchForAVanishedClient) {
    auto connection = connect();
    EXPECT_EQ(check_interval(*connection), "0");
    ASSERT_TRUE(connection->try_lock_migrations());
    EXPECT_EQ(check_interval(*connection), "5s");
    connection->unlock_migrations();
    EXPECT_EQ(check_interval(*connection), "5s");  // for the rest of the session
}

TEST_F(SessionLiveness, ATransactionIsWatchedToo) {
    auto connection = connect();
    connection->begin();
    EXPECT_EQ(check_interval(*connection), "5s");
    connection->rollback();
}

TEST_F(SessionLiveness, AnIntervalTheUrlChoseIsKept) {
    auto connection = postgres::open_postgres(
        parse_database_url(
            server_->url(database_) + "?options=-c%20client_connection_check_interval%3D1s",
            "the test"),
        db::ConnectOptions{});
    ASSERT_TRUE(connection->try_lock_migrations());
    EXPECT_EQ(check_interval(*connection), "1s");
    connection->begin();
    EXPECT_EQ(check_interval(*connection), "1s");
    connection->rollback();
}

TEST_F(SessionLiveness, DeckhandsEndProbesAnIdleConnectionAfterThirtySeconds) {
    auto connection = connect();
    std::optional<long> due;
    ASSERT_TRUE(eventually([&] { return (due = keepalive_due_in(*connection)).has_value(); }))
        << "no keepalive timer on deckhand's socket";
    EXPECT_LE(*due, 30);
}

TEST_F(SessionLiveness, KeepaliveSettingsInTheUrlWin) {
    auto connection = postgres::open_postgres(
        parse_database_url(server_->url(database_) + "?keepalives_idle=600", "the test"),
        db::ConnectOptions{});
    std::optional<long> due;
    ASSERT_TRUE(eventually([&] { return (due = keepalive_due_in(*connection)).has_value(); }));
    EXPECT_GT(*due, 500);
    EXPECT_LE(*due, 600);
}

}  // namespace
}  // namespace deckhand::test
