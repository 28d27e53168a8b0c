// The fixture of the wait-for-job integration tests: one test PKI per suite, an API double per
// test, a logger whose lines the tests read, and shortcuts to run the wait against the double.
#pragma once

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <sstream>
#include <string>

#include "deckhand/cancellation.hpp"
#include "deckhand/kubernetes/api_client.hpp"
#include "deckhand/kubernetes/wait_for_job.hpp"
#include "support/kube_api_double.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::kubernetes {

using namespace std::chrono_literals;
using test::JobBuilder;
using test::KubeApiDouble;
using test::KubeApiDoubleOptions;
using test::TempDir;
using test::TestPki;

class KubeTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        pki_dir_ = std::make_unique<TempDir>("deckhand-kube-pki");
        pki_ = std::make_unique<TestPki>(pki_dir_->path());
    }
    static void TearDownTestSuite() {
        pki_.reset();
        pki_dir_.reset();
    }

    KubeTest()
        : sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(log_stream_)),
          logger_("wait-for-job", sink_) {
        logger_.set_level(spdlog::level::debug);
        logger_.set_pattern("%l: %v");
    }

    KubeApiDouble& start_api(const KubeApiDoubleOptions& options = {}) {
        api_ = std::make_unique<KubeApiDouble>(*pki_, options);
        return *api_;
    }

    // Talks to the double with its CA and the token it accepts, in namespace shop.
    ClusterConfig cluster() const {
        ClusterConfig config;
        config.server = api_->url();
        config.ca_file = pki_->ca_cert();
        config.token = BearerToken::fixed("test-token");
        config.namespace_name = "shop";
        config.origin = "the test's configuration";
        return config;
    }

    static WaitOptions by_name(const std::string& name, std::chrono::milliseconds timeout = 20s) {
        WaitOptions options;
        options.job_name = name;
        options.namespace_name = "shop";
        options.timeout = timeout;
        return options;
    }

    static WaitOptions by_selector(const std::string& selector,
                                   std::chrono::milliseconds timeout = 20s) {
        WaitOptions options;
        options.label_selector = selector;
        options.namespace_name = "shop";
        options.timeout = timeout;
        return options;
    }

    WaitResult wait(const WaitOptions& options) { return wait(options, cluster()); }

    WaitResult wait(const WaitOptions& options, ClusterConfig config) {
        ApiClient client(std::move(config), cancellation_);
        struct Count {
            ApiClient& client;
            std::size_t& requests;
            ~Count() { requests = client.requests(); }
        } count{client, client_requests_};
        return wait_for_job(client, options, logger_, cancellation_);
    }

    std::string logs() {
        logger_.flush();
        return log_stream_.str();
    }

    std::size_t count_in_log(const std::string& what) {
        auto text = logs();
        std::size_t count = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
            ++count;
        }
        return count;
    }

    std::size_t count_requests(const std::string& what) const {
        std::size_t count = 0;
        for (const auto& line : api_->request_log()) {
            count += line.find(what) != std::string::npos ? 1 : 0;
        }
        return count;
    }

    static inline std::unique_ptr<TempDir> pki_dir_;
    static inline std::unique_ptr<TestPki> pki_;

    std::ostringstream log_stream_;
    std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
    spdlog::logger logger_;
    Cancellation cancellation_;
    std::size_t client_requests_ = 0;
    TempDir scratch_{"deckhand-kube-test"};  // for files that scripts write: outlives the double
    // Last, so the double stops before anything a script might touch.
    std::unique_ptr<KubeApiDouble> api_;
};

// Milliseconds since `start`.
inline long long since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start)
        .count();
}

}  // namespace deckhand::kubernetes
