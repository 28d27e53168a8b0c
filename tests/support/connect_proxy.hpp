// An HTTP CONNECT proxy for tests, as a corporate egress proxy is: on 127.0.0.1, it reads one
// `CONNECT host:port HTTP/1.1` head, opens that TCP connection, answers 200 and relays bytes both
// ways until either side closes. It records the targets it was asked for, so a test can tell
// that a client went through it. Made with a fixed target, it is a plain TCP relay to it (no
// CONNECT head), which counts the client's round trips. Everything it starts stops in its
// destructor.
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
    // A relay of every connection to `fixed_target` ("host:port"), without a CONNECT head.
    explicit ConnectProxy(std::string fixed_target);
    ~ConnectProxy();
    ConnectProxy(const ConnectProxy&) = delete;
    ConnectProxy& operator=(const ConnectProxy&) = delete;

    std::uint16_t port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    // "host:port" of every CONNECT, in arrival order.
    std::vector<std::string> targets() const;
    // How often, over every connection so far, a client sent something after the other side had
    // answered (or first): its round trips, when it waits for each answer before it sends more.
    int client_turns() const;
    // `url` with the fixed target's "host:port" in it turned into this relay's, so that a client
    // of that URL goes through the relay.
    std::string relayed(std::string url) const;

  private:
    void accept_loop();
    void serve(int client);
    // Relays bytes both ways until either side closes, counting the client's turns.
    void relay(int client, int upstream);
    bool stopping() const;

    std::string fixed_target_;  // empty: read the target from a CONNECT head
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    mutable std::mutex mutex_;
    bool stopping_ = false;
    std::vector<std::string> targets_;
    int client_turns_ = 0;
    std::thread accept_thread_;
    std::vector<std::thread> threads_;  // guarded by mutex_
};

}  // namespace deckhand::test
