// The test CONNECT proxy (and fixed-target relay): plain sockets, one thread per client, poll()
// with a short timeout so that the destructor is noticed.
#include "support/connect_proxy.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <utility>

namespace deckhand::test {
namespace {

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        auto n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0) {
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

int connect_to(const std::string& target) {
    auto colon = target.rfind(':');
    if (colon == std::string::npos) {
        return -1;
    }
    auto host = target.substr(0, colon);
    if (host.size() > 2 && host.front() == '[') {
        host = host.substr(1, host.size() - 2);
    }
    auto port = target.substr(colon + 1);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) {
        return -1;
    }
    int fd = -1;
    for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            ::close(fd);
            fd = -1;
        }
    }
    ::freeaddrinfo(found);
    return fd;
}

}  // namespace

ConnectProxy::ConnectProxy() : ConnectProxy(std::string()) {}

ConnectProxy::ConnectProxy(std::string fixed_target) : fixed_target_(std::move(fixed_target)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int yes = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd_, 16) != 0) {
        auto error = std::string(std::strerror(errno));
        ::close(listen_fd_);
        throw std::runtime_error("ConnectProxy: cannot listen on 127.0.0.1: " + error);
    }
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    accept_thread_ = std::thread([this] { accept_loop(); });
}

ConnectProxy::~ConnectProxy() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    accept_thread_.join();
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        threads.swap(threads_);
    }
    for (auto& thread : threads) {
        thread.join();
    }
    ::close(listen_fd_);
}

std::vector<std::string> ConnectProxy::targets() const {
    std::lock_guard lock(mutex_);
    return targets_;
}

int ConnectProxy::client_turns() const {
    std::lock_guard lock(mutex_);
    return client_turns_;
}

std::string ConnectProxy::relayed(std::string url) const {
    const auto at = url.find(fixed_target_);
    if (fixed_target_.empty() || at == std::string::npos) {
        throw std::logic_error("ConnectProxy: " + url + " does not name " + fixed_target_);
    }
    return url.replace(at, fixed_target_.size(), "127.0.0.1:" + std::to_string(port_));
}

bool ConnectProxy::stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
}

void ConnectProxy::accept_loop() {
    while (!stopping()) {
        pollfd ready{listen_fd_, POLLIN, 0};
        if (::poll(&ready, 1, 50) <= 0) {
            continue;
        }
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            continue;
        }
        std::lock_guard lock(mutex_);
        threads_.emplace_back([this, fd] { serve(fd); });
    }
}

void ConnectProxy::serve(int client_fd) {
    Fd client(client_fd);
    std::string head;
    char buffer[16384];
    if (!fixed_target_.empty()) {
        Fd upstream(connect_to(fixed_target_));
        if (upstream.get() >= 0) {
            relay(client.get(), upstream.get());
        }
        return;
    }
    while (head.find("\r\n\r\n") == std::string::npos) {
        if (stopping() || head.size() > 8192) {
            return;
        }
        pollfd ready{client.get(), POLLIN, 0};
        if (::poll(&ready, 1, 50) <= 0) {
            continue;
        }
        auto n = ::recv(client.get(), buffer, sizeof buffer, 0);
        if (n <= 0) {
            return;
        }
        head.append(buffer, static_cast<std::size_t>(n));
    }
    // "CONNECT host:port HTTP/1.1"
    auto first_space = head.find(' ');
    auto second_space = head.find(' ', first_space + 1);
    if (head.compare(0, first_space, "CONNECT") != 0 || second_space == std::string::npos) {
        const char refusal[] = "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n";
        write_all(client.get(), refusal, sizeof refusal - 1);
        return;
    }
    auto target = head.substr(first_space + 1, second_space - first_space - 1);
    {
        std::lock_guard lock(mutex_);
        targets_.push_back(target);
    }
    Fd upstream(connect_to(target));
    if (upstream.get() < 0) {
        const char failure[] = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n";
        write_all(client.get(), failure, sizeof failure - 1);
        return;
    }
    const char established[] = "HTTP/1.1 200 Connection established\r\n\r\n";
    if (!write_all(client.get(), established, sizeof established - 1)) {
        return;
    }
    // Bytes that came after the head (a client may start its TLS handshake at once).
    auto rest = head.substr(head.find("\r\n\r\n") + 4);
    if (!rest.empty() && !write_all(upstream.get(), rest.data(), rest.size())) {
        return;
    }
    relay(client.get(), upstream.get());
}

void ConnectProxy::relay(int client, int upstream) {
    char buffer[16384];
    bool client_spoke_last = false;
    while (!stopping()) {
        pollfd both[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
        if (::poll(both, 2, 50) <= 0) {
            continue;
        }
        for (int i = 0; i < 2; ++i) {
            if ((both[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
                continue;
            }
            auto n = ::recv(both[i].fd, buffer, sizeof buffer, 0);
            if (n <= 0 || !write_all(both[1 - i].fd, buffer, static_cast<std::size_t>(n))) {
                return;
            }
            if (i == 0 && !client_spoke_last) {
                std::lock_guard lock(mutex_);
                ++client_turns_;
            }
            client_spoke_last = i == 0;
        }
    }
}

}  // namespace deckhand::test
