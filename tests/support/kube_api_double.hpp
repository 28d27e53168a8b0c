// A Kubernetes API double for tests: a small HTTPS server on 127.0.0.1 that serves the batch/v1
// Job list, get and watch endpoints as the API documents them (resourceVersion, chunked watch
// events, bookmarks, 410 Gone, field and label selectors, bearer tokens and client
// certificates, 401/403 Status objects), driven by a script of Job states over time. Its
// certificates are made at test time with the `openssl` command (TestPki). Everything it starts
// stops in its destructor.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace deckhand::test {

// A test CA, a server certificate for 127.0.0.1/localhost signed by it, a second server
// certificate for the name kube-api.deckhand.test only (tls-server-name tests), a client
// certificate (CN deckhand-client) signed by it, and an unrelated CA for "wrong CA" tests, in
// `dir`.
class TestPki {
  public:
    explicit TestPki(std::filesystem::path dir);

    std::filesystem::path ca_cert() const { return dir_ / "ca.crt"; }
    std::filesystem::path server_cert() const { return dir_ / "server.crt"; }
    std::filesystem::path server_key() const { return dir_ / "server.key"; }
    std::filesystem::path named_server_cert() const { return dir_ / "named.crt"; }
    std::filesystem::path named_server_key() const { return dir_ / "named.key"; }
    static constexpr const char* server_name = "kube-api.deckhand.test";
    std::filesystem::path client_cert() const { return dir_ / "client.crt"; }
    std::filesystem::path client_key() const { return dir_ / "client.key"; }
    std::filesystem::path other_ca_cert() const { return dir_ / "other-ca.crt"; }
    const std::filesystem::path& dir() const { return dir_; }

  private:
    std::filesystem::path dir_;
};

// A batch/v1 Job object in the API's documented shape: zero counters omitted, conditions with
// type/status/reason/message/lastTransitionTime, SuccessCriteriaMet and FailureTarget added
// before Complete and Failed as the Job controller does (Kubernetes 1.31+).
class JobBuilder {
  public:
    explicit JobBuilder(std::string name, std::string namespace_name = "default");

    JobBuilder& label(const std::string& key, const std::string& value);
    JobBuilder& created(const std::string& rfc3339);  // default: the time of construction
    JobBuilder& uid(const std::string& uid);
    JobBuilder& backoff_limit(int limit);
    JobBuilder& active(int count);
    JobBuilder& ready(int count);
    JobBuilder& succeeded(int count);
    JobBuilder& failed(int count);
    JobBuilder& condition(const std::string& type, const std::string& status,
                          const std::string& reason, const std::string& message = "");
    // SuccessCriteriaMet (only) / FailureTarget (only): the Job is finishing, not finished.
    JobBuilder& success_criteria_met();
    JobBuilder& failure_target(
        const std::string& reason = "BackoffLimitExceeded",
        const std::string& message = "Job has reached the specified backoff limit");
    // SuccessCriteriaMet then Complete, active 0, succeeded 1, completionTime set.
    JobBuilder& complete();
    // FailureTarget then Failed, active 0.
    JobBuilder& failed_terminally(
        const std::string& reason = "BackoffLimitExceeded",
        const std::string& message = "Job has reached the specified backoff limit");

    nlohmann::json build() const;

  private:
    std::string name_;
    std::string namespace_;
    std::string uid_;
    std::string created_;
    std::map<std::string, std::string> labels_;
    int backoff_limit_ = 6;
    int active_ = 0;
    int ready_ = 0;
    int succeeded_ = 0;
    int failed_ = 0;
    bool finished_ = false;
    nlohmann::json conditions_ = nlohmann::json::array();
};

struct KubeApiDoubleOptions {
    std::uint16_t port = 0;            // 0: any free port
    std::string token = "test-token";  // the accepted bearer token; "" accepts anonymous requests
    std::string user = "system:serviceaccount:default:app";  // who a token authenticates as
    bool expired_as_http_status =
        false;  // an expired resourceVersion gets HTTP 410, not an ERROR event
    // Serve the certificate for TestPki::server_name only, whose names do not include 127.0.0.1.
    bool named_certificate = false;
};

class KubeApiDouble {
  public:
    explicit KubeApiDouble(const TestPki& pki, KubeApiDoubleOptions options = {});
    ~KubeApiDouble();
    KubeApiDouble(const KubeApiDouble&) = delete;
    KubeApiDouble& operator=(const KubeApiDouble&) = delete;

    std::string url() const;  // https://127.0.0.1:PORT
    std::uint16_t port() const { return port_; }

    // Stores the Job (ADDED when new, else MODIFIED) under a new resourceVersion and sends the
    // event to the watches that match it. Returns that resourceVersion.
    std::uint64_t apply(nlohmann::json job);
    // Deletes the Job (DELETED event); no-op when absent.
    void remove(const std::string& namespace_name, const std::string& name);
    // Sends a BOOKMARK with the current resourceVersion to the watches that asked for them.
    void bookmark();
    // Forgets the history so far: watching from any older resourceVersion answers 410 Gone.
    void compact();
    // Sends `line` as it is (plus a newline) to every open watch: a proxy's error page, say.
    void inject_raw(std::string line);
    // Cuts every open watch in the middle of its chunked stream, as a dying load balancer does.
    void drop_watches();
    // Rotates the credentials: from now on only `token` is accepted.
    void set_token(std::string token);
    // Every request is answered 403 Forbidden with a Status object.
    void set_forbidden(bool forbidden);

    // A script of steps, each run `at` after play() on the double's own thread.
    struct Step {
        std::chrono::milliseconds at;
        std::function<void(KubeApiDouble&)> action;
    };
    void play(std::vector<Step> script);

    std::size_t requests() const { return requests_.load(); }
    std::vector<std::string> request_log() const;  // "GET /apis/..." in arrival order
    // The TLS server name (SNI) and Host header of the latest connection and request.
    std::string last_server_name() const;
    std::string last_host_header() const;
    std::size_t open_watches() const;
    // Waits until at least `count` watches are open; false on timeout.
    bool wait_for_watches(std::size_t count, std::chrono::milliseconds timeout) const;
    // When the latest event was stored (and sent on to the open watches).
    std::chrono::steady_clock::time_point last_event_time() const;
    std::uint64_t resource_version() const;

  private:
    struct Event {
        std::uint64_t resource_version;
        std::string type;
        nlohmann::json object;
    };
    struct Request;
    struct Connection;

    void accept_loop();
    void serve(Connection& connection);
    void respond(Connection& connection, const Request& request);
    void serve_watch(Connection& connection, const Request& request,
                     const std::string& namespace_name);
    void record(std::string type, nlohmann::json object);  // mutex_ held

    KubeApiDoubleOptions options_;
    std::uint16_t port_ = 0;
    int listen_fd_ = -1;
    void* ssl_context_ = nullptr;  // SSL_CTX*

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    bool stopping_ = false;
    std::map<std::pair<std::string, std::string>, nlohmann::json> jobs_;  // (namespace, name)
    std::vector<Event> history_;
    std::uint64_t resource_version_ = 1000;
    std::uint64_t compacted_through_ = 0;
    std::uint64_t drop_generation_ = 0;
    std::uint64_t bookmark_generation_ = 0;
    std::string token_;
    bool forbidden_ = false;
    std::size_t open_watches_ = 0;
    std::vector<std::string> request_log_;
    std::string last_server_name_;
    std::string last_host_header_;
    std::chrono::steady_clock::time_point last_event_time_{};
    std::atomic<std::size_t> requests_{0};

    std::thread accept_thread_;
    std::vector<std::thread> threads_;  // connections and scripts; guarded by mutex_
};

}  // namespace deckhand::test
