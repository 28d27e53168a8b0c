// libcurl transfers for the API client: one easy handle per request inside one multi handle
// (which keeps the TLS connection for the next request), polled so that cancellation and
// deadlines end a transfer at once.
#include "deckhand/kubernetes/api_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <exception>

#include "deckhand/errors.hpp"
#include "deckhand/kubernetes/exec_credential.hpp"

namespace deckhand::kubernetes {
namespace {

constexpr std::size_t max_body_bytes = std::size_t{64} * 1024 * 1024;
constexpr auto idle_interval = std::chrono::seconds(1);
constexpr long connect_timeout_ms = 10'000;

CURLM* as_multi(void* multi) {
    return static_cast<CURLM*>(multi);
}

struct EasyDeleter {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct HeaderListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// Keeps an easy handle in the multi handle for one scope.
class Attached {
  public:
    Attached(CURLM* multi, CURL* easy) : multi_(multi), easy_(easy) {
        if (curl_multi_add_handle(multi_, easy_) != CURLM_OK) {
            throw std::runtime_error("curl_multi_add_handle failed");
        }
    }
    ~Attached() { curl_multi_remove_handle(multi_, easy_); }
    Attached(const Attached&) = delete;
    Attached& operator=(const Attached&) = delete;

  private:
    CURLM* multi_;
    CURL* easy_;
};

bool is_tls_configuration_error(CURLcode code) {
    switch (code) {
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_ISSUER_ERROR:
            return true;
        default:
            return false;
    }
}

void set_blob(CURL* easy, CURLoption option, const std::string& data) {
    curl_blob blob{const_cast<char*>(data.data()), data.size(), CURL_BLOB_COPY};
    curl_easy_setopt(easy, option, &blob);
}

struct UrlDeleter {
    void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct CurlText {
    char* text = nullptr;
    CurlText() = default;
    CurlText(const CurlText&) = delete;
    CurlText& operator=(const CurlText&) = delete;
    ~CurlText() { curl_free(text); }
    std::string str() const { return text == nullptr ? std::string() : std::string(text); }
};

struct ServerName {
    std::string url;
    std::string connect_to;
    std::string host_header;
};

// tls-server-name with libcurl, which has no option of its own for it: the URL names the given
// host, so SNI and certificate verification use it, while CONNECT_TO sends the connection (also
// through a proxy's CONNECT) to the server's real host and port.
ServerName with_tls_server_name(const std::string& server, const std::string& name,
                                const std::string& origin) {
    std::unique_ptr<CURLU, UrlDeleter> url(curl_url());
    CurlText host;
    CurlText port;
    CurlText rewritten;
    if (!url || curl_url_set(url.get(), CURLUPART_URL, server.c_str(), 0) != CURLUE_OK ||
        curl_url_get(url.get(), CURLUPART_HOST, &host.text, 0) != CURLUE_OK ||
        curl_url_get(url.get(), CURLUPART_PORT, &port.text, CURLU_DEFAULT_PORT) != CURLUE_OK) {
        throw ConfigError("the server " + server + " in " + origin + " is not a valid URL");
    }
    if (curl_url_set(url.get(), CURLUPART_HOST, name.c_str(), 0) != CURLUE_OK ||
        curl_url_get(url.get(), CURLUPART_URL, &rewritten.text, 0) != CURLUE_OK) {
        throw ConfigError("tls-server-name '" + name + "' in " + origin +
                          " is not a valid host name");
    }
    ServerName result;
    result.url = rewritten.str();
    while (!result.url.empty() && result.url.back() == '/') {
        result.url.pop_back();
    }
    result.connect_to = name + ":" + port.str() + ":" + host.str() + ":" + port.str();
    result.host_header =
        "Host: " + host.str() + (port.str() == "443" ? std::string() : ":" + port.str());
    return result;
}

}  // namespace

struct ApiClient::Transfer {
    CURL* easy = nullptr;
    const LineHandler* on_line = nullptr;
    bool status_known = false;
    bool streaming = false;  // a 2xx answer handed to on_line
    bool stopped = false;
    std::exception_ptr failure;
    std::string pending;  // a line not yet complete
    ApiResponse response;

    // Runs inside curl: must not throw.
    std::size_t receive(const char* data, std::size_t size) {
        if (!status_known) {
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
            status_known = true;
            streaming = on_line != nullptr && response.status >= 200 && response.status < 300;
        }
        if (!streaming) {
            if (response.body.size() + size > max_body_bytes) {
                return 0;
            }
            response.body.append(data, size);
            return size;
        }
        try {
            std::string_view chunk(data, size);
            while (!chunk.empty()) {
                auto newline = chunk.find('\n');
                if (newline == std::string_view::npos) {
                    if (pending.size() + chunk.size() > max_body_bytes) {
                        return 0;
                    }
                    pending.append(chunk);
                    break;
                }
                std::string_view line = chunk.substr(0, newline);
                chunk.remove_prefix(newline + 1);
                if (!pending.empty()) {
                    pending.append(line);
                    line = pending;
                }
                if (!line.empty() && line.back() == '\r') {
                    line.remove_suffix(1);
                }
                bool more = line.empty() || (*on_line)(line);
                pending.clear();
                if (!more) {
                    stopped = true;
                    return 0;  // aborts the transfer; perform() reports End::stopped
                }
            }
        } catch (...) {
            failure = std::current_exception();
            return 0;
        }
        return size;
    }

    static std::size_t write_callback(char* data, std::size_t size, std::size_t count, void* self) {
        return static_cast<Transfer*>(self)->receive(data, size * count);
    }

    static std::size_t header_callback(char* data, std::size_t size, std::size_t count,
                                       void* self) {
        auto* transfer = static_cast<Transfer*>(self);
        std::string_view header(data, size * count);
        constexpr std::string_view name = "retry-after:";
        if (header.size() > name.size()) {
            bool match = true;
            for (std::size_t i = 0; i < name.size() && match; ++i) {
                match = std::tolower(static_cast<unsigned char>(header[i])) == name[i];
            }
            if (match) {
                transfer->response.retry_after = std::chrono::seconds(
                    std::atol(std::string(header.substr(name.size())).c_str()));
            }
        }
        return size * count;
    }
};

ApiClient::ApiClient(ClusterConfig config, Cancellation& cancellation)
    : config_(std::move(config)),
      cancellation_(cancellation),
      user_agent_(std::string("deckhand/") + DECKHAND_KUBERNETES_PLUGIN_VERSION +
                  " (wait-for-job)") {
    curl_global_init(CURL_GLOBAL_DEFAULT);  // reference-counted, paired in the destructor
    base_url_ = config_.server;
    if (!config_.tls_server_name.empty() && config_.server.rfind("https://", 0) == 0) {
        auto named = with_tls_server_name(config_.server, config_.tls_server_name, config_.origin);
        base_url_ = std::move(named.url);
        connect_to_ = std::move(named.connect_to);
        host_header_ = std::move(named.host_header);
    }
    multi_ = curl_multi_init();
    if (multi_ == nullptr) {
        throw std::runtime_error("curl_multi_init failed");
    }
    wake_on_cancel_ =
        cancellation_.on_cancel([multi = multi_] { curl_multi_wakeup(as_multi(multi)); });
}

ApiClient::~ApiClient() {
    wake_on_cancel_ = Cancellation::Registration();
    curl_multi_cleanup(as_multi(multi_));
    curl_global_cleanup();
}

ApiResponse ApiClient::get(const std::string& path, Deadline deadline) {
    return perform(path, nullptr, nullptr, deadline);
}

ApiResponse ApiClient::stream(const std::string& path, const LineHandler& on_line,
                              const std::function<void()>& on_idle, Deadline deadline) {
    return perform(path, &on_line, &on_idle, deadline);
}

ApiResponse ApiClient::perform(const std::string& path, const LineHandler* on_line,
                               const std::function<void()>* on_idle, Deadline deadline) {
    auto response = perform_once(path, on_line, on_idle, deadline);
    if (config_.exec && response.status == 401 && response.transport_error.empty() &&
        response.end == ApiResponse::End::complete) {
        // As kubectl: a refused credential is dropped and the plugin asked again, once. A 401 is
        // never streamed, so sending the request again repeats nothing.
        config_.exec->invalidate();
        response = perform_once(path, on_line, on_idle, deadline);
    }
    return response;
}

ApiResponse ApiClient::perform_once(const std::string& path, const LineHandler* on_line,
                                    const std::function<void()>* on_idle, Deadline deadline) {
    cancellation_.throw_if_requested();
    std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
    if (!easy) {
        throw std::runtime_error("curl_easy_init failed");
    }
    CURL* e = easy.get();

    Transfer transfer;
    transfer.easy = e;
    transfer.on_line = on_line;

    last_token_ = config_.token.empty() ? std::string() : config_.token.current();
    const std::string* certificate = &config_.client_certificate_pem;
    const std::string* key = &config_.client_key_pem;
    if (config_.exec) {
        const ExecCredential& credential = config_.exec->credential(cancellation_);
        last_token_ = credential.token;
        if (!credential.client_certificate_pem.empty()) {
            certificate = &credential.client_certificate_pem;
            key = &credential.client_key_pem;
        }
    }
    std::unique_ptr<curl_slist, HeaderListDeleter> headers;
    auto add_header = [&headers](const std::string& header) {
        headers.reset(curl_slist_append(headers.release(), header.c_str()));
    };
    add_header("Accept: application/json");
    if (!last_token_.empty()) {
        add_header("Authorization: Bearer " + last_token_);
    }
    std::unique_ptr<curl_slist, HeaderListDeleter> connect_to;
    if (!connect_to_.empty()) {
        add_header(host_header_);
        connect_to.reset(curl_slist_append(nullptr, connect_to_.c_str()));
    }

    std::string url = base_url_ + path;
    char error_text[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(e, CURLOPT_URL, url.c_str());
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(e, CURLOPT_USERAGENT, user_agent_.c_str());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
    // A watch can stay silent for minutes; keepalive probes notice a peer that vanished.
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPIDLE, 30L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPINTVL, 10L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!config_.ca_pem.empty()) {
        set_blob(e, CURLOPT_CAINFO_BLOB, config_.ca_pem);
    } else if (!config_.ca_file.empty()) {
        curl_easy_setopt(e, CURLOPT_CAINFO, config_.ca_file.c_str());
    }
    if (connect_to) {
        curl_easy_setopt(e, CURLOPT_CONNECT_TO, connect_to.get());
    }
    if (!certificate->empty()) {
        set_blob(e, CURLOPT_SSLCERT_BLOB, *certificate);
        curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
        set_blob(e, CURLOPT_SSLKEY_BLOB, *key);
        curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
    }
    if (!config_.proxy_url.empty()) {
        curl_easy_setopt(e, CURLOPT_PROXY, config_.proxy_url.c_str());
        // As kubectl: a kubeconfig's proxy-url is used for the server whatever NO_PROXY says.
        curl_easy_setopt(e, CURLOPT_NOPROXY, "");
    }
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::write_callback);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::header_callback);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &transfer);

    CURLM* multi = as_multi(multi_);
    Attached attached(multi, e);
    ++requests_;
    auto last_idle = SteadyClock::now();
    CURLcode result = CURLE_OK;
    for (;;) {
        cancellation_.throw_if_requested();
        int running = 0;
        if (auto code = curl_multi_perform(multi, &running); code != CURLM_OK) {
            throw std::runtime_error(std::string("curl_multi_perform failed: ") +
                                     curl_multi_strerror(code));
        }
        bool finished = false;
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
            if (message->msg == CURLMSG_DONE && message->easy_handle == e) {
                finished = true;
                result = message->data.result;
            }
        }
        if (finished) {
            break;
        }

        auto now = SteadyClock::now();
        if (deadline && now >= *deadline) {
            transfer.response.end = ApiResponse::End::deadline;
            return std::move(transfer.response);
        }
        if (on_idle != nullptr && *on_idle && now - last_idle >= idle_interval) {
            last_idle = now;
            (*on_idle)();
        }
        auto wait = std::chrono::milliseconds(1000);
        if (deadline) {
            auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - now);
            wait = std::min(wait, left);
        }
        curl_multi_poll(multi, nullptr, 0, static_cast<int>(wait.count()), nullptr);
    }

    if (transfer.failure) {
        std::rethrow_exception(transfer.failure);
    }
    if (!transfer.status_known) {
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &transfer.response.status);
    }
    ApiResponse& response = transfer.response;
    if (transfer.stopped) {
        response.end = ApiResponse::End::stopped;
        return std::move(response);
    }
    if (result != CURLE_OK) {
        std::string detail = error_text[0] != '\0' ? error_text : curl_easy_strerror(result);
        if (is_tls_configuration_error(result)) {
            throw ConfigError(
                "TLS with the Kubernetes API server " + config_.server + " failed (" + detail +
                "); check the certificate authority and client certificate in " + config_.origin);
        }
        response.transport_error = std::move(detail);
    }
    return std::move(response);
}

}  // namespace deckhand::kubernetes
