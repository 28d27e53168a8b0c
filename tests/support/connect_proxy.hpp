// An HTTP CONNECT proxy for tests, as a corporate egress proxy is: on 127.0.0.1, it reads one
// `CONNECT host:port HTTP/1.1` head, opens that TCP connection, answers 200 and relays bytes both
// ways until either side closes. It records the targets it was asked for, so a test can tell
// that a client went through it. Everything it starts stops in its destructor.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace deckhand::test {

class ConnectProxy {
  public:
    ConnectProxy();
    ~ConnectProxy();
    ConnectProxy(const ConnectProxy&) = delete;
    ConnectProxy& operator=(const ConnectProxy&) = delete;

    std::uint16_t port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    // "host:port" of every CONNECT, in arrival order.
    std::vector<std::string> targets() const;

  private:
    void accept_loop();
    void serve(int client);
    bool stopping() const;

    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    mutable std::mutex mutex_;
    bool stopping_ = false;
    std::vector<std::string> targets_;
    std::thread accept_thread_;
    std::vector<std::thread> threads_;  // guarded by mutex_
};

}  // namespace deckhand::test
