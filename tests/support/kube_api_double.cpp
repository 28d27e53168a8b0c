// The Kubernetes API double: OpenSSL's libssl over plain sockets, one thread per connection, and
// the Job store with its event history behind one mutex.
#include "support/kube_api_double.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <optional>
#include <stdexcept>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::test {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

SSL_CTX* as_context(void* context) {
    return static_cast<SSL_CTX*>(context);
}

std::string utc_now() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

void openssl(const std::vector<std::string>& args, const std::filesystem::path& dir) {
    std::vector<std::string> argv{"openssl"};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOptions options;
    options.working_dir = dir;
    auto result = run_process(argv, options);
    if (result.exit_code != 0) {
        std::string command;
        for (const auto& a : argv) {
            command += a + " ";
        }
        throw std::runtime_error("TestPki: `" + command + "` failed: " + result.err);
    }
}

// An EC key and a certificate signed by `ca` (self-signed when ca is empty).
void make_certificate(const std::filesystem::path& dir, const std::string& name,
                      const std::string& subject, const std::string& extensions,
                      const std::string& ca) {
    openssl({"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
             name + ".key"},
            dir);
    write_file(dir / (name + ".ext"), extensions);
    if (ca.empty()) {
        openssl({"req", "-x509", "-new", "-key", name + ".key", "-subj", subject, "-days", "2",
                 "-sha256", "-extensions", "v3", "-config", name + ".ext", "-out", name + ".crt"},
                dir);
        return;
    }
    openssl({"req", "-new", "-key", name + ".key", "-subj", subject, "-out", name + ".csr"}, dir);
    openssl({"x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
             "-set_serial", std::to_string(std::hash<std::string>{}(name)&0x7fffffff), "-days", "2",
             "-sha256", "-extfile", name + ".ext", "-out", name + ".crt"},
            dir);
}

json status_object(int code, const std::string& reason, const std::string& message,
                   json details = nullptr) {
    json status = {{"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", json::object()},
                   {"status", "Failure"}, {"message", message}, {"reason", reason}};
    if (!details.is_null()) {
        status["details"] = std::move(details);
    }
    status["code"] = code;
    return status;
}

// Query parameters, percent-decoded.
std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            out.push_back(
                static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
            i += 2;
        } else if (text[i] == '+') {
            out.push_back(' ');
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::string trim(std::string_view text) {
    auto first = text.find_first_not_of(' ');
    if (first == std::string_view::npos) {
        return {};
    }
    auto last = text.find_last_not_of(' ');
    return std::string(text.substr(first, last - first + 1));
}

// Label selectors as the API parses them: k=v, k==v, k!=v, k, !k, k in (a,b), k notin (a,b).
struct Requirement {
    std::string key;
    std::string op;  // "=", "!=", "exists", "!", "in", "notin"
    std::vector<std::string> values;
};

std::vector<Requirement> parse_label_selector(const std::string& text) {
    std::vector<Requirement> out;
    std::vector<std::string> parts;
    int depth = 0;
    std::string current;
    for (char c : text) {
        if (c == '(') {
            ++depth;
        }
        if (c == ')') {
            --depth;
        }
        if (depth < 0) {
            throw std::invalid_argument("unbalanced parentheses");
        }
        if (c == ',' && depth == 0) {
            parts.push_back(current);
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    if (depth != 0) {
        throw std::invalid_argument("unbalanced parentheses");
    }
    if (!text.empty()) {
        parts.push_back(current);
    }
    auto valid_key = [](const std::string& key) {
        return !key.empty() && key.find_first_of(" =!()") == std::string::npos;
    };
    for (auto part : parts) {
        part = trim(part);
        Requirement r;
        if (auto in = part.find(" notin "); in != std::string::npos) {
            r.key = trim(part.substr(0, in));
            r.op = "notin";
            part = trim(part.substr(in + 7));
        } else if (auto in2 = part.find(" in "); in2 != std::string::npos) {
            r.key = trim(part.substr(0, in2));
            r.op = "in";
            part = trim(part.substr(in2 + 4));
        }
        if (!r.op.empty()) {
            if (part.size() < 2 || part.front() != '(' || part.back() != ')') {
                throw std::invalid_argument("'" + r.key + "': set values need parentheses");
            }
            std::string list = part.substr(1, part.size() - 2);
            std::size_t start = 0;
            while (start <= list.size()) {
                auto comma = list.find(',', start);
                r.values.push_back(trim(list.substr(start, comma - start)));
                if (comma == std::string::npos) {
                    break;
                }
                start = comma + 1;
            }
        } else if (auto ne = part.find("!="); ne != std::string::npos) {
            r = {trim(part.substr(0, ne)), "!=", {trim(part.substr(ne + 2))}};
        } else if (auto eq2 = part.find("=="); eq2 != std::string::npos) {
            r = {trim(part.substr(0, eq2)), "=", {trim(part.substr(eq2 + 2))}};
        } else if (auto eq = part.find('='); eq != std::string::npos) {
            r = {trim(part.substr(0, eq)), "=", {trim(part.substr(eq + 1))}};
        } else if (!part.empty() && part.front() == '!') {
            r = {trim(part.substr(1)), "!", {}};
        } else {
            r = {part, "exists", {}};
        }
        if (!valid_key(r.key)) {
            throw std::invalid_argument("invalid label key \"" + r.key + "\"");
        }
        out.push_back(std::move(r));
    }
    return out;
}

bool labels_match(const std::vector<Requirement>& requirements, const json& job) {
    const json* labels = nullptr;
    if (job["metadata"].contains("labels")) {
        labels = &job["metadata"]["labels"];
    }
    for (const auto& r : requirements) {
        bool has = labels != nullptr && labels->contains(r.key);
        std::string value = has ? (*labels)[r.key].get<std::string>() : std::string();
        bool ok = true;
        if (r.op == "=") {
            ok = has && value == r.values[0];
        }
        if (r.op == "!=") {
            ok = !has || value != r.values[0];
        }
        if (r.op == "exists") {
            ok = has;
        }
        if (r.op == "!") {
            ok = !has;
        }
        if (r.op == "in") {
            ok = has && std::find(r.values.begin(), r.values.end(), value) != r.values.end();
        }
        if (r.op == "notin") {
            ok = !has || std::find(r.values.begin(), r.values.end(), value) == r.values.end();
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}

// Field selectors supported for Jobs here: metadata.name and metadata.namespace, = == !=.
struct FieldRequirement {
    std::string field;
    bool equal = true;
    std::string value;
};

std::vector<FieldRequirement> parse_field_selector(const std::string& text) {
    std::vector<FieldRequirement> out;
    std::size_t start = 0;
    while (!text.empty() && start <= text.size()) {
        auto comma = text.find(',', start);
        std::string part = text.substr(start, comma - start);
        FieldRequirement r;
        std::size_t at = 0;
        std::size_t width = 0;
        if ((at = part.find("!=")) != std::string::npos) {
            r.equal = false;
            width = 2;
        } else if ((at = part.find("==")) != std::string::npos) {
            width = 2;
        } else if ((at = part.find('=')) != std::string::npos) {
            width = 1;
        } else {
            throw std::invalid_argument(
                std::string("invalid selector: '").append(part).append("'"));
        }
        r.field = part.substr(0, at);
        r.value = part.substr(at + width);
        if (r.field != "metadata.name" && r.field != "metadata.namespace") {
            throw std::invalid_argument("field label not supported: " + r.field);
        }
        out.push_back(std::move(r));
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

bool fields_match(const std::vector<FieldRequirement>& requirements, const json& job) {
    for (const auto& r : requirements) {
        const auto& actual = job["metadata"][r.field == "metadata.name" ? "name" : "namespace"];
        if ((actual.get<std::string>() == r.value) != r.equal) {
            return false;
        }
    }
    return true;
}

// Blocks SIGPIPE in the double's threads, so a client that hangs up makes a write fail rather
// than end the test process.
void block_sigpipe() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// TestPki

TestPki::TestPki(std::filesystem::path dir) : dir_(std::move(dir)) {
    std::filesystem::create_directories(dir_);
    const std::string ca_ext =
        "[req]\ndistinguished_name=dn\n[dn]\n[v3]\nbasicConstraints=critical,CA:TRUE\n"
        "keyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n";
    make_certificate(dir_, "ca", "/CN=deckhand-test-ca", ca_ext, "");
    make_certificate(dir_, "other-ca", "/CN=some-other-ca", ca_ext, "");
    make_certificate(dir_, "server", "/CN=kube-apiserver",
                     "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                     "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n",
                     "ca");
    make_certificate(dir_, "named", "/CN=kube-api",
                     "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                     "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:" +
                         std::string(server_name) + "\n",
                     "ca");
    make_certificate(dir_, "client", "/O=deckhand/CN=deckhand-client",
                     "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                     "extendedKeyUsage=clientAuth\n",
                     "ca");
}

// ---------------------------------------------------------------------------------------------
// JobBuilder

JobBuilder::JobBuilder(std::string name, std::string namespace_name)
    : name_(std::move(name)), namespace_(std::move(namespace_name)), created_(utc_now()) {
    uid_ = "0b1c2d3e-" +
           std::to_string(std::hash<std::string>{}(namespace_ + "/" + name_) % 100000000);
}

JobBuilder& JobBuilder::label(const std::string& key, const std::string& value) {
    labels_[key] = value;
    return *this;
}
JobBuilder& JobBuilder::created(const std::string& rfc3339) {
    created_ = rfc3339;
    return *this;
}
JobBuilder& JobBuilder::uid(const std::string& uid) {
    uid_ = uid;
    return *this;
}
JobBuilder& JobBuilder::backoff_limit(int limit) {
    backoff_limit_ = limit;
    return *this;
}
JobBuilder& JobBuilder::active(int count) {
    active_ = count;
    return *this;
}
JobBuilder& JobBuilder::ready(int count) {
    ready_ = count;
    return *this;
}
JobBuilder& JobBuilder::succeeded(int count) {
    succeeded_ = count;
    return *this;
}
JobBuilder& JobBuilder::failed(int count) {
    failed_ = count;
    return *this;
}

JobBuilder& JobBuilder::condition(const std::string& type, const std::string& status,
                                  const std::string& reason, const std::string& message) {
    auto now = utc_now();
    json condition = {{"type", type},
                      {"status", status},
                      {"lastProbeTime", now},
                      {"lastTransitionTime", now},
                      {"reason", reason}};
    if (!message.empty()) {
        condition["message"] = message;
    }
    conditions_.push_back(std::move(condition));
    return *this;
}

JobBuilder& JobBuilder::success_criteria_met() {
    return condition("SuccessCriteriaMet", "True", "CompletionsReached",
                     "Reached expected number of succeeded pods");
}

JobBuilder& JobBuilder::failure_target(const std::string& reason, const std::string& message) {
    return condition("FailureTarget", "True", reason, message);
}

JobBuilder& JobBuilder::complete() {
    active_ = 0;
    ready_ = 0;
    succeeded_ = std::max(succeeded_, 1);
    finished_ = true;
    success_criteria_met();
    return condition("Complete", "True", "CompletionsReached",
                     "Reached expected number of succeeded pods");
}

JobBuilder& JobBuilder::failed_terminally(const std::string& reason, const std::string& message) {
    active_ = 0;
    ready_ = 0;
    failure_target(reason, message);
    return condition("Failed", "True", reason, message);
}

json JobBuilder::build() const {
    json labels = json::object();
    for (const auto& [k, v] : labels_) {
        labels[k] = v;
    }
    json pod_labels = labels;
    pod_labels["batch.kubernetes.io/controller-uid"] = uid_;
    pod_labels["batch.kubernetes.io/job-name"] = name_;
    json metadata = {{"name", name_},   {"namespace", namespace_},
                     {"uid", uid_},     {"resourceVersion", "0"},  // set by the double when stored
                     {"generation", 1}, {"creationTimestamp", created_}};
    if (!labels_.empty()) {
        metadata["labels"] = labels;
    }
    json spec = {{"parallelism", 1},
                 {"completions", 1},
                 {"backoffLimit", backoff_limit_},
                 {"completionMode", "NonIndexed"},
                 {"suspend", false},
                 {"podReplacementPolicy", "TerminatingOrFailed"},
                 {"manualSelector", false},
                 {"selector", {{"matchLabels", {{"batch.kubernetes.io/controller-uid", uid_}}}}},
                 {"template",
                  {{"metadata", {{"labels", pod_labels}}},
                   {"spec",
                    {{"restartPolicy", "Never"},
                     {"containers", json::array({{{"name", "migrate"},
                                                  {"image", "ghcr.io/example/deckhand:test"},
                                                  {"args", json::array({"migrate"})}}})}}}}}};
    // Counters the Job controller leaves at zero are omitted (omitempty), as the API sends them.
    json status = json::object();
    bool started =
        active_ > 0 || succeeded_ > 0 || failed_ > 0 || finished_ || !conditions_.empty();
    if (started) {
        status["startTime"] = created_;
        status["ready"] = ready_;  // a pointer field: present as 0 once the controller saw the Job
        status["uncountedTerminatedPods"] = json::object();
    }
    if (active_ > 0) {
        status["active"] = active_;
    }
    if (succeeded_ > 0) {
        status["succeeded"] = succeeded_;
    }
    if (failed_ > 0) {
        status["failed"] = failed_;
    }
    if (!conditions_.empty()) {
        status["conditions"] = conditions_;
    }
    if (finished_) {
        status["completionTime"] = utc_now();
    }
    return {{"apiVersion", "batch/v1"},
            {"kind", "Job"},
            {"metadata", metadata},
            {"spec", spec},
            {"status", status}};
}

// ---------------------------------------------------------------------------------------------
// The server

struct KubeApiDouble::Request {
    std::string method;
    std::string target;
    std::string path;
    std::map<std::string, std::string> query;
    std::map<std::string, std::string> headers;  // lower-case names

    std::string param(const std::string& name) const {
        auto it = query.find(name);
        return it == query.end() ? std::string() : it->second;
    }
};

struct KubeApiDouble::Connection {
    int fd = -1;
    SSL* ssl = nullptr;
    std::string peer_user;  // CN of a verified client certificate
    std::string buffer;     // bytes read past the previous request

    ~Connection() {
        if (ssl != nullptr) {
            SSL_free(ssl);
        }
        if (fd >= 0) {
            ::close(fd);
        }
    }

    bool write(const std::string& data) {
        std::size_t done = 0;
        while (done < data.size()) {
            int n = SSL_write(ssl, data.data() + done, static_cast<int>(data.size() - done));
            if (n <= 0) {
                return false;
            }
            done += static_cast<std::size_t>(n);
        }
        return true;
    }

    // Ends the connection without a TLS close_notify or a last chunk: a cut, not a goodbye.
    void cut() { ::shutdown(fd, SHUT_RDWR); }
};

KubeApiDouble::KubeApiDouble(const TestPki& pki, KubeApiDoubleOptions options)
    : options_(std::move(options)), token_(options_.token) {
    SSL_CTX* context = SSL_CTX_new(TLS_server_method());
    if (context == nullptr) {
        throw std::runtime_error("SSL_CTX_new failed");
    }
    ssl_context_ = context;
    auto certificate = options_.named_certificate ? pki.named_server_cert() : pki.server_cert();
    auto key = options_.named_certificate ? pki.named_server_key() : pki.server_key();
    if (SSL_CTX_use_certificate_chain_file(context, certificate.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(context, key.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_load_verify_locations(context, pki.ca_cert().c_str(), nullptr) != 1) {
        SSL_CTX_free(context);
        throw std::runtime_error("KubeApiDouble: cannot load the certificates in " +
                                 pki.dir().string());
    }
    // Asks for a client certificate without requiring one: tokens and certificates both work.
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);

    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int yes = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(options_.port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd_, 64) != 0) {
        auto error = std::string(std::strerror(errno));
        ::close(listen_fd_);
        SSL_CTX_free(context);
        throw std::runtime_error("KubeApiDouble: cannot listen on 127.0.0.1:" +
                                 std::to_string(options_.port) + ": " + error);
    }
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    accept_thread_ = std::thread([this] { accept_loop(); });
}

KubeApiDouble::~KubeApiDouble() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    if (accept_thread_.joinable()) {
        accept_thread_.join();
    }
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        threads.swap(threads_);
    }
    for (auto& thread : threads) {
        thread.join();
    }
    ::close(listen_fd_);
    SSL_CTX_free(as_context(ssl_context_));
}

std::string KubeApiDouble::url() const {
    return "https://127.0.0.1:" + std::to_string(port_);
}

void KubeApiDouble::record(std::string type, json object) {
    object["metadata"]["resourceVersion"] = std::to_string(resource_version_);
    history_.push_back({resource_version_, std::move(type), std::move(object)});
    last_event_time_ = Clock::now();
}

std::uint64_t KubeApiDouble::apply(json job) {
    std::uint64_t version;
    {
        std::lock_guard lock(mutex_);
        version = ++resource_version_;
        job["metadata"]["resourceVersion"] = std::to_string(version);
        auto key = std::make_pair(job["metadata"]["namespace"].get<std::string>(),
                                  job["metadata"]["name"].get<std::string>());
        bool known = jobs_.count(key) != 0;
        jobs_[key] = job;
        record(known ? "MODIFIED" : "ADDED", std::move(job));
    }
    changed_.notify_all();
    return version;
}

void KubeApiDouble::remove(const std::string& namespace_name, const std::string& name) {
    {
        std::lock_guard lock(mutex_);
        auto it = jobs_.find({namespace_name, name});
        if (it == jobs_.end()) {
            return;
        }
        ++resource_version_;
        json object = std::move(it->second);
        jobs_.erase(it);
        record("DELETED", std::move(object));
    }
    changed_.notify_all();
}

void KubeApiDouble::inject_raw(std::string line) {
    {
        std::lock_guard lock(mutex_);
        history_.push_back({resource_version_, "RAW", std::move(line)});
    }
    changed_.notify_all();
}

void KubeApiDouble::bookmark() {
    {
        std::lock_guard lock(mutex_);
        ++bookmark_generation_;
    }
    changed_.notify_all();
}

void KubeApiDouble::compact() {
    std::lock_guard lock(mutex_);
    compacted_through_ = resource_version_;
}

void KubeApiDouble::drop_watches() {
    {
        std::lock_guard lock(mutex_);
        ++drop_generation_;
    }
    changed_.notify_all();
}

void KubeApiDouble::set_token(std::string token) {
    std::lock_guard lock(mutex_);
    token_ = std::move(token);
}

void KubeApiDouble::set_forbidden(bool forbidden) {
    std::lock_guard lock(mutex_);
    forbidden_ = forbidden;
}

void KubeApiDouble::play(std::vector<Step> script) {
    auto start = Clock::now();
    std::lock_guard lock(mutex_);
    threads_.emplace_back([this, start, script = std::move(script)] {
        for (const auto& step : script) {
            std::unique_lock wait_lock(mutex_);
            if (changed_.wait_until(wait_lock, start + step.at, [this] { return stopping_; })) {
                return;
            }
            wait_lock.unlock();
            step.action(*this);
        }
    });
}

std::vector<std::string> KubeApiDouble::request_log() const {
    std::lock_guard lock(mutex_);
    return request_log_;
}

std::string KubeApiDouble::last_server_name() const {
    std::lock_guard lock(mutex_);
    return last_server_name_;
}

std::string KubeApiDouble::last_host_header() const {
    std::lock_guard lock(mutex_);
    return last_host_header_;
}

std::size_t KubeApiDouble::open_watches() const {
    std::lock_guard lock(mutex_);
    return open_watches_;
}

bool KubeApiDouble::wait_for_watches(std::size_t count, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return open_watches_ >= count; });
}

Clock::time_point KubeApiDouble::last_event_time() const {
    std::lock_guard lock(mutex_);
    return last_event_time_;
}

std::uint64_t KubeApiDouble::resource_version() const {
    std::lock_guard lock(mutex_);
    return resource_version_;
}

void KubeApiDouble::accept_loop() {
    block_sigpipe();
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) {
                return;
            }
        }
        pollfd ready{listen_fd_, POLLIN, 0};
        if (::poll(&ready, 1, 50) <= 0) {
            continue;
        }
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            continue;
        }
        int yes = 1;  // as Go's net/http: small watch events go out at once
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        auto connection = std::make_shared<Connection>();
        connection->fd = fd;
        std::lock_guard lock(mutex_);
        threads_.emplace_back([this, connection] { serve(*connection); });
    }
}

void KubeApiDouble::serve(Connection& c) {
    block_sigpipe();
    // The handshake may not hang the destructor for long when a client never completes it.
    timeval handshake_timeout{5, 0};
    ::setsockopt(c.fd, SOL_SOCKET, SO_RCVTIMEO, &handshake_timeout, sizeof handshake_timeout);
    c.ssl = SSL_new(as_context(ssl_context_));
    SSL_set_fd(c.ssl, c.fd);
    if (SSL_accept(c.ssl) != 1) {
        ERR_clear_error();
        return;  // e.g. the client refused our certificate
    }
    timeval no_timeout{0, 0};
    ::setsockopt(c.fd, SOL_SOCKET, SO_RCVTIMEO, &no_timeout, sizeof no_timeout);
    {
        const char* server_name = SSL_get_servername(c.ssl, TLSEXT_NAMETYPE_host_name);
        std::lock_guard lock(mutex_);
        last_server_name_ = server_name == nullptr ? "" : server_name;
    }
    if (X509* peer = SSL_get1_peer_certificate(c.ssl)) {
        if (SSL_get_verify_result(c.ssl) == X509_V_OK) {
            char common_name[256] = {};
            X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, common_name,
                                      sizeof common_name);
            c.peer_user = common_name;
        }
        X509_free(peer);
    }

    for (;;) {
        // Read one request head, waking up regularly to notice the destructor.
        std::size_t end;
        while ((end = c.buffer.find("\r\n\r\n")) == std::string::npos) {
            if (SSL_pending(c.ssl) == 0) {
                pollfd ready{c.fd, POLLIN, 0};
                int n = ::poll(&ready, 1, 50);
                {
                    std::lock_guard lock(mutex_);
                    if (stopping_) {
                        return;
                    }
                }
                if (n <= 0) {
                    continue;
                }
            }
            char chunk[4096];
            int n = SSL_read(c.ssl, chunk, sizeof chunk);
            if (n <= 0) {
                return;  // the client went away
            }
            c.buffer.append(chunk, static_cast<std::size_t>(n));
        }
        std::string head = c.buffer.substr(0, end);
        c.buffer.erase(0, end + 4);

        Request request;
        auto line_end = head.find("\r\n");
        std::string request_line = head.substr(0, line_end);
        auto sp1 = request_line.find(' ');
        auto sp2 = request_line.find(' ', sp1 + 1);
        if (sp1 == std::string::npos || sp2 == std::string::npos) {
            return;
        }
        request.method = request_line.substr(0, sp1);
        request.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
        auto question = request.target.find('?');
        request.path = request.target.substr(0, question);
        if (question != std::string::npos) {
            std::string query = request.target.substr(question + 1);
            std::size_t start = 0;
            while (start <= query.size()) {
                auto amp = query.find('&', start);
                std::string pair = query.substr(start, amp - start);
                auto eq = pair.find('=');
                if (!pair.empty()) {
                    request.query[percent_decode(pair.substr(0, eq))] =
                        eq == std::string::npos ? std::string()
                                                : percent_decode(pair.substr(eq + 1));
                }
                if (amp == std::string::npos) {
                    break;
                }
                start = amp + 1;
            }
        }
        std::size_t at = line_end == std::string::npos ? head.size() : line_end + 2;
        while (at < head.size()) {
            auto next = head.find("\r\n", at);
            std::string header = head.substr(at, next - at);
            auto colon = header.find(':');
            if (colon != std::string::npos) {
                std::string name = header.substr(0, colon);
                std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) {
                    return static_cast<char>(std::tolower(ch));
                });
                request.headers[name] = trim(header.substr(colon + 1));
            }
            if (next == std::string::npos) {
                break;
            }
            at = next + 2;
        }
        ++requests_;
        {
            std::lock_guard lock(mutex_);
            request_log_.push_back(request.method + " " + request.target);
            auto host = request.headers.find("host");
            last_host_header_ = host == request.headers.end() ? "" : host->second;
        }
        respond(c, request);
        if (c.fd < 0) {
            return;  // a watch was cut, and the connection with it
        }
    }
}

void KubeApiDouble::respond(Connection& c, const Request& request) {
    auto send = [&c](int code, const std::string& reason, const json& body) {
        std::string text = body.dump();
        c.write("HTTP/1.1 " + std::to_string(code) + " " + reason +
                "\r\nContent-Type: application/json\r\nCache-Control: no-cache, "
                "private\r\nContent-Length: " +
                std::to_string(text.size()) + "\r\n\r\n" + text);
    };

    // Authentication: a verified client certificate, or the current bearer token.
    std::string user = c.peer_user;
    bool forbidden;
    {
        std::lock_guard lock(mutex_);
        forbidden = forbidden_;
        if (user.empty()) {
            auto auth = request.headers.find("authorization");
            if (token_.empty()) {
                user = "system:anonymous";
            } else if (auth != request.headers.end() && auth->second == "Bearer " + token_) {
                user = options_.user;
            }
        }
    }
    if (user.empty()) {
        send(401, "Unauthorized", status_object(401, "Unauthorized", "Unauthorized"));
        return;
    }
    if (request.method != "GET") {
        send(405, "Method Not Allowed",
             status_object(405, "MethodNotAllowed",
                           "the server does not allow this method on the requested resource"));
        return;
    }

    // /apis/batch/v1/namespaces/{namespace}/jobs[/{name}]
    constexpr std::string_view prefix = "/apis/batch/v1/namespaces/";
    std::string namespace_name;
    std::string name;
    bool routed = false;
    if (request.path.rfind(prefix, 0) == 0) {
        std::string rest = request.path.substr(prefix.size());
        auto slash = rest.find('/');
        if (slash != std::string::npos) {
            namespace_name = rest.substr(0, slash);
            std::string tail = rest.substr(slash + 1);
            if (tail == "jobs") {
                routed = true;
            } else if (tail.rfind("jobs/", 0) == 0 && tail.size() > 5 &&
                       tail.find('/', 5) == std::string::npos) {
                name = tail.substr(5);
                routed = true;
            }
        }
    }
    if (!routed || namespace_name.empty()) {
        send(404, "Not Found",
             status_object(404, "NotFound", "the server could not find the requested resource",
                           {{"causes", json::array({{{"reason", "UnexpectedServerResponse"},
                                                     {"message", "404 page not found"}}})}}));
        return;
    }
    bool watch = request.param("watch") == "true" || request.param("watch") == "1";
    std::string verb = !name.empty() ? "get" : watch ? "watch" : "list";

    if (forbidden) {
        std::string resource = name.empty() ? "jobs.batch" : "jobs.batch \"" + name + "\"";
        json details = {{"group", "batch"}, {"kind", "jobs"}};
        if (!name.empty()) {
            details["name"] = name;
        }
        send(403, "Forbidden",
             status_object(403, "Forbidden",
                           resource + " is forbidden: User \"" + user + "\" cannot " + verb +
                               " resource \"jobs\" in API group \"batch\" in the namespace \"" +
                               namespace_name + "\"",
                           details));
        return;
    }

    if (!name.empty()) {
        std::lock_guard lock(mutex_);
        auto it = jobs_.find({namespace_name, name});
        if (it == jobs_.end()) {
            json details = {{"name", name}, {"group", "batch"}, {"kind", "jobs"}};
            std::string text =
                status_object(404, "NotFound", "jobs.batch \"" + name + "\" not found", details)
                    .dump();
            c.write("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: " +
                    std::to_string(text.size()) + "\r\n\r\n" + text);
            return;
        }
        std::string text = it->second.dump();
        c.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                std::to_string(text.size()) + "\r\n\r\n" + text);
        return;
    }

    try {
        parse_label_selector(request.param("labelSelector"));
        parse_field_selector(request.param("fieldSelector"));
    } catch (const std::invalid_argument& e) {
        send(400, "Bad Request",
             status_object(400, "BadRequest",
                           std::string("unable to parse requirement: ") + e.what()));
        return;
    }

    if (watch) {
        serve_watch(c, request, namespace_name);
        return;
    }

    auto labels = parse_label_selector(request.param("labelSelector"));
    auto fields = parse_field_selector(request.param("fieldSelector"));
    json list = {{"kind", "JobList"}, {"apiVersion", "batch/v1"}};
    {
        std::lock_guard lock(mutex_);
        auto rv = request.param("resourceVersion");
        if (!rv.empty() && rv != "0" && std::stoull(rv) < compacted_through_) {
            send(410, "Gone",
                 status_object(410, "Expired",
                               "The provided continue parameter is too old to display a consistent "
                               "list result."));
            return;
        }
        list["metadata"] = {{"resourceVersion", std::to_string(resource_version_)}};
        list["items"] = json::array();
        for (const auto& [key, job] : jobs_) {
            if (key.first != namespace_name || !labels_match(labels, job) ||
                !fields_match(fields, job)) {
                continue;
            }
            json item = job;
            // List items carry no kind or apiVersion; the list does.
            item.erase("kind");
            item.erase("apiVersion");
            list["items"].push_back(std::move(item));
        }
    }
    send(200, "OK", list);
}

void KubeApiDouble::serve_watch(Connection& c, const Request& request,
                                const std::string& namespace_name) {
    auto labels = parse_label_selector(request.param("labelSelector"));
    auto fields = parse_field_selector(request.param("fieldSelector"));
    bool bookmarks = request.param("allowWatchBookmarks") == "true";
    std::optional<Clock::time_point> ends;
    if (auto seconds = request.param("timeoutSeconds"); !seconds.empty()) {
        ends = Clock::now() + std::chrono::seconds(std::stol(seconds));
    }
    auto matches = [&](const json& job) {
        return job["metadata"]["namespace"] == namespace_name && labels_match(labels, job) &&
               fields_match(fields, job);
    };
    auto line = [](const std::string& type, const json& object) {
        std::string text = json{{"type", type}, {"object", object}}.dump() + "\n";
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", text.size());
        return size + text + "\r\n";
    };

    std::unique_lock lock(mutex_);
    std::vector<std::string> pending;
    std::size_t cursor = history_.size();
    auto rv_text = request.param("resourceVersion");
    if (rv_text.empty() || rv_text == "0") {
        // No resourceVersion: the current state as ADDED events, then what follows.
        for (const auto& [key, job] : jobs_) {
            if (matches(job)) {
                pending.push_back(line("ADDED", job));
            }
        }
    } else {
        std::uint64_t from = 0;
        try {
            from = std::stoull(rv_text);
        } catch (const std::exception&) {
            lock.unlock();
            std::string text =
                status_object(400, "BadRequest", "invalid resource version: " + rv_text).dump();
            c.write(
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: " +
                std::to_string(text.size()) + "\r\n\r\n" + text);
            return;
        }
        if (from < compacted_through_) {
            auto gone = status_object(410, "Expired",
                                      "too old resource version: " + rv_text + " (" +
                                          std::to_string(compacted_through_) + ")");
            lock.unlock();
            if (options_.expired_as_http_status) {
                std::string text = gone.dump();
                c.write("HTTP/1.1 410 Gone\r\nContent-Type: application/json\r\nContent-Length: " +
                        std::to_string(text.size()) + "\r\n\r\n" + text);
            } else {
                // What the API server does: 200, one ERROR event carrying the 410 Status, the end.
                c.write(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                    "chunked\r\n\r\n" +
                    line("ERROR", gone) + "0\r\n\r\n");
            }
            return;
        }
        cursor = static_cast<std::size_t>(
            std::find_if(history_.begin(), history_.end(),
                         [&](const Event& e) { return e.resource_version > from; }) -
            history_.begin());
    }
    auto my_drop = drop_generation_;
    auto my_bookmark = bookmark_generation_;
    ++open_watches_;
    changed_.notify_all();
    lock.unlock();
    bool alive = c.write(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-cache, private\r\n"
        "Transfer-Encoding: chunked\r\n\r\n");
    lock.lock();

    bool cut = false;
    while (alive) {
        // A cut comes before anything not yet sent: those events are lost with the connection.
        if (stopping_ || drop_generation_ != my_drop) {
            cut = true;
            break;
        }
        for (; cursor < history_.size(); ++cursor) {
            const auto& event = history_[cursor];
            if (event.type == "RAW") {
                std::string text = event.object.get<std::string>() + "\n";
                char size[32];
                std::snprintf(size, sizeof size, "%zx\r\n", text.size());
                pending.push_back(size + text + "\r\n");
            } else if (matches(event.object)) {
                pending.push_back(line(event.type, event.object));
            }
        }
        if (bookmarks && bookmark_generation_ != my_bookmark) {
            pending.push_back(
                line("BOOKMARK", {{"kind", "Job"},
                                  {"apiVersion", "batch/v1"},
                                  {"metadata",
                                   {{"resourceVersion", std::to_string(resource_version_)},
                                    {"annotations", {{"k8s.io/initial-events-end", "true"}}}}}}));
        }
        my_bookmark = bookmark_generation_;
        if (!pending.empty()) {
            lock.unlock();
            for (const auto& text : pending) {
                alive = alive && c.write(text);
            }
            pending.clear();
            lock.lock();
            continue;  // more may have arrived meanwhile
        }
        if (ends && Clock::now() >= *ends) {
            lock.unlock();
            alive = c.write("0\r\n\r\n");  // the server's own timeout: a clean end
            lock.lock();
            break;
        }
        changed_.wait_for(lock, std::chrono::milliseconds(100));
    }
    --open_watches_;
    changed_.notify_all();
    lock.unlock();
    if (cut || !alive) {
        c.cut();
        SSL_free(c.ssl);
        c.ssl = nullptr;
        ::close(c.fd);
        c.fd = -1;
    }
}

}  // namespace deckhand::test
