// HTTPS requests to the Kubernetes API server over libcurl: plain GETs and line-by-line
// streaming for watches. Every transfer runs in a curl multi handle, so SIGTERM (through
// Context::cancellation()) wakes it at once, and connections are reused between requests.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "deckhand/cancellation.hpp"
#include "deckhand/kubernetes/cluster_config.hpp"

namespace deckhand::kubernetes {

using SteadyClock = std::chrono::steady_clock;
// No value: no deadline.
using Deadline = std::optional<SteadyClock::time_point>;

struct ApiResponse {
    enum class End {
        complete,  // the server finished the response (or closed the stream)
        stopped,   // the line handler asked to stop
        deadline,  // the deadline passed first
    };

    long status = 0;              // HTTP status; 0 when no response arrived
    std::string body;             // the body, except for the lines of a 2xx stream
    std::string transport_error;  // why the exchange broke off; empty when it did not
    std::chrono::seconds retry_after{0};
    End end = End::complete;

    bool ok() const { return transport_error.empty() && status >= 200 && status < 300; }
};

class ApiClient {
  public:
    // Returns false to stop reading the stream.
    using LineHandler = std::function<bool(std::string_view line)>;

    ApiClient(ClusterConfig config, Cancellation& cancellation);
    ~ApiClient();
    ApiClient(const ApiClient&) = delete;
    ApiClient& operator=(const ApiClient&) = delete;

    const ClusterConfig& config() const { return config_; }

    // GET `path` (with its query) and read the whole body. Throws Cancelled on SIGTERM, and
    // ConfigError when TLS verification or the client certificate fails (retrying cannot help).
    // With an exec credential plugin, a 401 makes it run again and the request is sent once more.
    ApiResponse get(const std::string& path, Deadline deadline);

    // GET `path` and hand each line of a 2xx body to `on_line` as it arrives; `on_idle` is called
    // about once a second while waiting. Exceptions from either end the transfer and propagate.
    ApiResponse stream(const std::string& path, const LineHandler& on_line,
                       const std::function<void()>& on_idle, Deadline deadline);

    // Requests sent so far.
    std::size_t requests() const { return requests_; }
    // The bearer token sent with the latest request ("" without one), to tell a rotated token
    // from a refused one.
    const std::string& last_token() const { return last_token_; }

  private:
    struct Transfer;
    ApiResponse perform(const std::string& path, const LineHandler* on_line,
                        const std::function<void()>* on_idle, Deadline deadline);
    ApiResponse perform_once(const std::string& path, const LineHandler* on_line,
                             const std::function<void()>* on_idle, Deadline deadline);

    ClusterConfig config_;
    Cancellation& cancellation_;
    std::string user_agent_;
    // With tls-server-name: the server URL with that name as its host, the CONNECT_TO entry that
    // still connects to the real host, and the Host header the real server expects.
    std::string base_url_;
    std::string connect_to_;
    std::string host_header_;
    void* multi_ = nullptr;  // CURLM*, kept out of this header
    std::size_t requests_ = 0;
    std::string last_token_;
    // Last, so it is unregistered before the multi handle it wakes goes away.
    Cancellation::Registration wake_on_cancel_;
};

}  // namespace deckhand::kubernetes
