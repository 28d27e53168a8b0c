// Which connection failures waiting may heal (ConnectionError::transient()), against the real
// server and against sockets that behave as a server not up yet, a proxy sidecar not ready yet
// or a host that does not answer would: what --wait-for-database and status --wait rely on.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "deckhand/db/errors.hpp"
#include "driver_test.hpp"
#include "support/ports.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

struct Failure {
    bool transient = false;
    std::string message;
    std::chrono::milliseconds took{0};
};

// A TCP listener on 127.0.0.1 that plays a server: it accepts connections and either closes
// them at once (a proxy that cannot reach its database) or says nothing at all.
class FakeServer {
  public:
    enum class Behaviour { hang_up, say_nothing };

    explicit FakeServer(Behaviour behaviour) : behaviour_(behaviour) {
        fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        auto* generic = reinterpret_cast<sockaddr*>(&address);
        if (fd_ < 0 || bind(fd_, generic, sizeof address) != 0 ||
            getsockname(fd_, generic, &length) != 0 || listen(fd_, 16) != 0) {
            throw std::runtime_error("cannot listen on 127.0.0.1");
        }
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~FakeServer() {
        stopping_ = true;
        shutdown(fd_, SHUT_RDWR);
        thread_.join();
        close(fd_);
        for (int client : clients_) {
            close(client);
        }
    }
    FakeServer(const FakeServer&) = delete;
    FakeServer& operator=(const FakeServer&) = delete;

    int port() const { return port_; }

  private:
    void serve() {
        while (!stopping_) {
            int client = accept(fd_, nullptr, nullptr);
            if (client < 0) {
                return;
            }
            if (behaviour_ == Behaviour::hang_up) {
                close(client);
            } else {
                clients_.push_back(client);  // kept open, unanswered, until the end
            }
        }
    }

    Behaviour behaviour_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::vector<int> clients_;
    std::thread thread_;
};

class ConnectFailures : public PostgresDriverTest {
  protected:
    Failure failure_of(const std::string& url_text) {
        const auto started = std::chrono::steady_clock::now();
        try {
            postgres::open_postgres(parse_database_url(url_text, "the test"), db::ConnectOptions{});
        } catch (const db::ConnectionError& error) {
            return {error.transient(), error.what(),
                    std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)};
        }
        ADD_FAILURE() << "connecting to " << url_text << " should have failed";
        return {};
    }
    std::string url_as(const std::string& user, const std::string& password,
                       const std::string& database) const {
        return "postgres://" + user + ":" + password +
               "@127.0.0.1:" + std::to_string(server_->port()) + "/" + database;
    }
    std::string local_url(int port, const std::string& query = "") const {
        return "postgres://postgres:" + server_->password() + "@127.0.0.1:" + std::to_string(port) +
               "/postgres" + query;
    }
    // A role of this test's own, created (or re-created) with `attributes`.
    std::string role(const std::string& name, const std::string& attributes) const {
        psql("DROP ROLE IF EXISTS " + name + ";\nCREATE ROLE " + name + " " + attributes + ";\n");
        return name;
    }
};

TEST_F(ConnectFailures, AWrongPasswordCannotHealAndSaysWhatTheServerSaid) {
    Failure failure = failure_of(url_as("postgres", "not-the-password", database_));
    EXPECT_FALSE(failure.transient);
    EXPECT_THAT(failure.message,
                HasSubstr(": password authentication failed for user \"postgres\""));
    // The server's code and source location stay out of the sentence.
    EXPECT_THAT(failure.message, Not(HasSubstr("28P01")));
    EXPECT_THAT(failure.message, Not(HasSubstr("LOCATION")));
    EXPECT_THAT(failure.message, Not(HasSubstr("not-the-password")));
}

TEST_F(ConnectFailures, AnUnknownDatabaseCannotHeal) {
    Failure failure = failure_of(url_as("postgres", server_->password(), "no_such_database"));
    EXPECT_FALSE(failure.transient);
    EXPECT_THAT(failure.message, HasSubstr("database \"no_such_database\" does not exist"));
}

TEST_F(ConnectFailures, ARoleThatMayNotLogInCannotHeal) {
    role("t_cf_nologin", "NOLOGIN PASSWORD 'pw-nologin'");
    Failure failure = failure_of(url_as("t_cf_nologin", "pw-nologin", database_));
    EXPECT_FALSE(failure.transient);
    EXPECT_THAT(failure.message, HasSubstr("role \"t_cf_nologin\" is not permitted to log in"));
}

TEST_F(ConnectFailures, ARoleWithoutTheConnectPrivilegeCannotHeal) {
    role("t_cf_noconnect", "LOGIN PASSWORD 'pw-noconnect'");
    psql("REVOKE CONNECT ON DATABASE " + database_ + " FROM PUBLIC;");
    Failure failure = failure_of(url_as("t_cf_noconnect", "pw-noconnect", database_));
    EXPECT_FALSE(failure.transient);
    EXPECT_THAT(failure.message, HasSubstr("permission denied for database"));
}

TEST_F(ConnectFailures, SslThatTheUrlRequiresAndTheServerRefusesCannotHeal) {
    Failure failure = failure_of(local_url(server_->port(), "?sslmode=require"));
    EXPECT_FALSE(failure.transient);
    EXPECT_THAT(failure.message, HasSubstr("server does not support SSL, but SSL was required"));
}

TEST_F(ConnectFailures, ANeededPasswordThatTheUrlLacksCannotHeal) {
    Failure failure =
        failure_of("postgres://postgres@127.0.0.1:" + std::to_string(server_->port()) + "/" +
                   database_ + "?passfile=/nonexistent");
    EXPECT_FALSE(failure.transient);
    EXPECT_THAT(failure.message, HasSubstr("no password supplied"));
}

TEST_F(ConnectFailures, ARoleOverItsConnectionLimitMayHeal) {
    role("t_cf_limited", "LOGIN PASSWORD 'pw-limited' CONNECTION LIMIT 0");
    Failure failure = failure_of(url_as("t_cf_limited", "pw-limited", database_));
    EXPECT_TRUE(failure.transient) << failure.message;
    EXPECT_THAT(failure.message, HasSubstr("too many connections for role \"t_cf_limited\""));
}

TEST_F(ConnectFailures, ARefusedConnectionMayHeal) {
    Failure failure = failure_of(local_url(free_local_port()));
    EXPECT_TRUE(failure.transient) << failure.message;
    EXPECT_THAT(failure.message, HasSubstr("Connection refused"));
}

TEST_F(ConnectFailures, ANameThatDoesNotResolveYetMayHeal) {
    Failure failure = failure_of("postgres://postgres:pw@deckhand-no-such-host.invalid/postgres");
    EXPECT_TRUE(failure.transient) << failure.message;
    EXPECT_THAT(failure.message, HasSubstr("could not translate host name"));
}

TEST_F(ConnectFailures, ASocketFolderThatDoesNotExistYetMayHeal) {
    Failure failure = failure_of("postgres://postgres@/postgres?host=/nonexistent-deckhand-dir");
    EXPECT_TRUE(failure.transient) << failure.message;
    EXPECT_THAT(failure.message, HasSubstr("No such file or directory"));
}

TEST_F(ConnectFailures, AProxyThatHangsUpMayHealWhateverTheSslMode) {
    FakeServer proxy(FakeServer::Behaviour::hang_up);
    for (const char* sslmode : {"prefer", "require", "disable"}) {
        Failure failure = failure_of(local_url(proxy.port(), std::string("?sslmode=") + sslmode));
        EXPECT_TRUE(failure.transient) << sslmode << ": " << failure.message;
        EXPECT_THAT(failure.message, HasSubstr("server closed the connection unexpectedly"))
            << sslmode;
    }
}

TEST_F(ConnectFailures, AServerThatNeverAnswersTimesOutAfterConnectTimeoutAndMayHeal) {
    FakeServer silent(FakeServer::Behaviour::say_nothing);
    Failure failure = failure_of(local_url(silent.port(), "?connect_timeout=2"));
    EXPECT_TRUE(failure.transient) << failure.message;
    EXPECT_THAT(failure.message, HasSubstr("timeout expired"));
    EXPECT_GE(failure.took, 1900ms);
    EXPECT_LT(failure.took, 10s);
}

TEST_F(ConnectFailures, AServerShuttingDownMayHeal) {
    // A server of its own: a smart shutdown turns new connections away ("the database system is
    // shutting down", 57P03) for as long as an old session stays.
    PostgresServer stopping;
    const std::string url = stopping.url();
    auto old_session = postgres::open_postgres(parse_database_url(url, "the test"), {});
    stopping.begin_smart_shutdown();
    Failure failure;
    ASSERT_TRUE(eventually([&] {
        failure = failure_of(url);
        return failure.message.find("shutting down") != std::string::npos;
    })) << failure.message;
    EXPECT_TRUE(failure.transient) << failure.message;
    old_session.reset();
}

}  // namespace
}  // namespace deckhand::test
