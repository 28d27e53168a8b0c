// The connect loop: poll() on libpq's socket in the direction PQconnectPoll asks for, with
// libpq's connect_timeout, and a ConnectFailure that says how far the attempt got.
#include "pq_connect.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <memory>
#include <new>
#include <optional>
#include <string_view>

#include "connect_failure.hpp"

namespace deckhand::postgres {
namespace {

using Clock = std::chrono::steady_clock;

struct ConnDeleter {
    void operator()(PGconn* connection) const noexcept { PQfinish(connection); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnDeleter>;

struct OptionsDeleter {
    void operator()(PQconninfoOption* options) const noexcept { PQconninfoFree(options); }
};

struct Progress {
    ConnStatusType stage = CONNECTION_NEEDED;  // libpq's status before its last step
    bool peer_closed = false;
    bool timed_out = false;
};

[[noreturn]] void fail(PGconn* connection, const Progress& progress) {
    ConnectFailure failure;
    VerboseReport report = read_verbose_report(PQerrorMessage(connection));
    failure.reason = std::move(report.message);
    failure.sqlstates = std::move(report.sqlstates);
    failure.stage = progress.stage;
    failure.needs_password = PQconnectionNeedsPassword(connection) != 0;
    failure.peer_closed = progress.peer_closed;
    failure.timed_out = progress.timed_out;
    if (progress.timed_out) {
        failure.reason += "timeout expired\n";  // libpq's own words for it
    }
    throw ConnectFailed(std::move(failure));
}

// The connect_timeout libpq resolved (conninfo, PGCONNECT_TIMEOUT, service file), in seconds:
// none for 0, empty or negative, and at least 2, as libpq's PQconnectdb has it. nullopt when
// the value is not a number.
std::optional<std::chrono::seconds> connect_timeout(PGconn* connection) {
    std::unique_ptr<PQconninfoOption, OptionsDeleter> options(PQconninfo(connection));
    for (auto* option = options.get(); option != nullptr && option->keyword != nullptr; ++option) {
        if (std::string_view(option->keyword) != "connect_timeout" || option->val == nullptr) {
            continue;
        }
        std::string_view text = option->val;
        while (!text.empty() && text.back() == ' ') {
            text.remove_suffix(1);
        }
        int seconds = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
        if (error != std::errc() || end != text.data() + text.size()) {
            return std::nullopt;
        }
        return std::chrono::seconds(seconds <= 0 ? 0 : std::max(seconds, 2));
    }
    return std::chrono::seconds(0);
}

// Which server and address the attempt is at: a new one gets a fresh connect_timeout.
std::string attempt_key(PGconn* connection) {
    auto text = [](const char* value) { return std::string(value == nullptr ? "" : value); };
    return text(PQhost(connection)) + '\n' + text(PQhostaddr(connection)) + '\n' +
           text(PQport(connection));
}

// Whether the peer of a socket that poll() found readable has closed (or reset) the connection:
// nothing to read but the end. Looked at without consuming anything, before libpq reads it.
bool peer_closed(int socket) {
    char byte = 0;
    const ssize_t peeked = recv(socket, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return peeked == 0 ||
           (peeked < 0 && (errno == ECONNRESET || errno == EPIPE || errno == ECONNABORTED));
}

// Waits until the socket is ready for reading or writing, or the deadline passes (false).
bool wait_for_socket(int socket, bool for_reading, std::optional<Clock::time_point> deadline) {
    pollfd descriptor{socket, static_cast<short>(for_reading ? POLLIN : POLLOUT), 0};
    while (true) {
        int timeout_ms = -1;
        if (deadline) {
            const auto left =
                std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()).count();
            if (left <= 0) {
                return false;
            }
            timeout_ms = static_cast<int>(std::min<long long>(left, 60'000));
        }
        const int ready = poll(&descriptor, 1, timeout_ms);
        if (ready > 0) {
            return true;  // readable, writable, or an error that PQconnectPoll will read
        }
        if (ready < 0 && errno != EINTR) {
            return true;  // let PQconnectPoll find out what is wrong with the socket
        }
    }
}

}  // namespace

PGconn* connect_step_by_step(const std::string& conninfo) {
    ConnPtr connection(PQconnectStart(conninfo.c_str()));
    if (!connection) {
        throw std::bad_alloc();
    }
    // Before any server speaks: its error reports then carry their SQLSTATE.
    PQsetErrorVerbosity(connection.get(), PQERRORS_VERBOSE);
    Progress progress;
    if (PQstatus(connection.get()) == CONNECTION_BAD) {
        fail(connection.get(), progress);  // nothing reached: no address, no socket, no options
    }
    const auto timeout = connect_timeout(connection.get());
    if (!timeout) {
        ConnectFailure failure;
        failure.reason = "invalid integer value for connection option \"connect_timeout\"";
        throw ConnectFailed(std::move(failure));
    }
    std::optional<Clock::time_point> deadline;
    std::string attempt;
    progress.stage = CONNECTION_STARTED;
    PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
    while (polling != PGRES_POLLING_OK) {
        if (polling == PGRES_POLLING_FAILED) {
            fail(connection.get(), progress);
        }
        const ConnStatusType status = PQstatus(connection.get());
        if (std::string key = attempt_key(connection.get());
            key != attempt || (status == CONNECTION_STARTED && progress.stage != status)) {
            attempt = std::move(key);
            if (timeout->count() > 0) {
                deadline = Clock::now() + *timeout;
            }
        }
        progress.stage = status;
        const bool reading = polling == PGRES_POLLING_READING;
        const int socket = PQsocket(connection.get());
        if (socket >= 0) {
            if (!wait_for_socket(socket, reading, deadline)) {
                progress.timed_out = true;
                fail(connection.get(), progress);
            }
            // Meaningful only for the step about to fail: libpq moves on to another address
            // or host by itself, and the next look decides again.
            progress.peer_closed = reading && peer_closed(socket);
        }
        polling = PQconnectPoll(connection.get());
    }
    // Queries report errors in the default form: deckhand reads their fields, not this text.
    PQsetErrorVerbosity(connection.get(), PQERRORS_DEFAULT);
    return connection.release();
}

}  // namespace deckhand::postgres
