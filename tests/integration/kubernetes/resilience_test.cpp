// wait-for-job when the connection misbehaves: dropped watches, expired resourceVersions,
// bookmarks, rotated tokens, unreadable answers, an unreachable server, timeouts and SIGTERM.
#include <signal.h>

#include <thread>

#include "deckhand/errors.hpp"
#include "kube_fixture.hpp"

namespace deckhand::kubernetes {
namespace {

using Clock = std::chrono::steady_clock;

using WaitForJobResilience = KubeTest;

// The resourceVersion a logged request asked for, or "".
std::string resource_version_of(const std::string& request) {
    auto at = request.find("resourceVersion=");
    if (at == std::string::npos) {
        return {};
    }
    at += 16;
    return request.substr(at, request.find('&', at) - at);
}

TEST_F(WaitForJobResilience, ResumesFromTheLastResourceVersionAfterTheWatchIsDropped) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    api.play({{300ms,
               [](KubeApiDouble& a) {
                   a.drop_watches();
                   // Changes while the client is away reach it through the resumed watch.
                   a.apply(JobBuilder("migrate", "shop").active(1).failed(1).build());
               }},
              {900ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").failed(1).complete().build());
               }}});
    auto result = wait(by_name("migrate"));
    EXPECT_EQ(result.outcome, WaitResult::Outcome::completed);
    auto requests = api.request_log();
    ASSERT_EQ(requests.size(), 3u);  // list, watch, resumed watch: no second list
    EXPECT_EQ(requests[1].find("watch=true") != std::string::npos, true);
    EXPECT_EQ(resource_version_of(requests[1]), resource_version_of(requests[2]));
    EXPECT_NE(logs().find("failed 1"), std::string::npos) << logs();
    EXPECT_NE(logs().find("the watch on Job migrate in namespace shop broke off"),
              std::string::npos)
        << logs();
}

TEST_F(WaitForJobResilience, ListsAgainWhenTheWatchAnswersWithAGoneErrorEvent) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    api.play({{300ms, [](KubeApiDouble& a) {
                   a.drop_watches();
                   a.apply(JobBuilder("migrate", "shop").complete().build());
                   a.compact();  // the client's resourceVersion is now too old
               }}});
    auto result = wait(by_name("migrate"));
    EXPECT_EQ(result.outcome, WaitResult::Outcome::completed);
    auto requests = api.request_log();
    ASSERT_EQ(requests.size(), 4u);  // list, watch, watch (410), list
    EXPECT_EQ(requests[3].find("watch=true"), std::string::npos);
    EXPECT_NE(logs().find("410 Gone"), std::string::npos) << logs();
}

TEST_F(WaitForJobResilience, ListsAgainWhenTheWatchAnswersWithHttpStatus410) {
    KubeApiDoubleOptions options;
    options.expired_as_http_status = true;
    auto& api = start_api(options);
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    api.play({{300ms, [](KubeApiDouble& a) {
                   a.drop_watches();
                   a.apply(JobBuilder("migrate", "shop").complete().build());
                   a.compact();
               }}});
    wait(by_name("migrate"));
    EXPECT_EQ(api.request_log().size(), 4u);
}

TEST_F(WaitForJobResilience, ResumesFromTheResourceVersionOfABookmark) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    std::uint64_t bookmarked = 0;
    api.play({{300ms,
               [&bookmarked](KubeApiDouble& a) {
                   // A change the field selector hides moves the resourceVersion on; the bookmark
                   // tells the client, so it resumes from there.
                   bookmarked = a.apply(JobBuilder("unrelated", "shop").active(1).build());
                   a.bookmark();
               }},
              {600ms, [](KubeApiDouble& a) { a.drop_watches(); }},
              {900ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    wait(by_name("migrate"));
    auto requests = api.request_log();
    ASSERT_EQ(requests.size(), 3u);
    EXPECT_NE(requests[1].find("allowWatchBookmarks=true"), std::string::npos);
    EXPECT_EQ(resource_version_of(requests[2]), std::to_string(bookmarked));
}

TEST_F(WaitForJobResilience, PicksUpARotatedServiceAccountTokenMidWatch) {
    auto& api = start_api();
    auto token_file = scratch_.write("token", "test-token\n");
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    api.play({{300ms,
               [this](KubeApiDouble& a) {
                   scratch_.write("token", "rotated-token\n");
                   a.set_token("rotated-token");  // the old one is refused from now on
                   a.drop_watches();
               }},
              {900ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    auto config = cluster();
    config.token = BearerToken::from_file(token_file);
    auto result = wait(by_name("migrate"), config);
    EXPECT_EQ(result.outcome, WaitResult::Outcome::completed);
}

TEST_F(WaitForJobResilience, AFixedTokenRevokedMidWatchEndsWithExitStatusTwo) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    api.play({{300ms, [](KubeApiDouble& a) {
                   a.set_token("rotated-token");
                   a.drop_watches();
               }}});
    try {
        wait(by_name("migrate"));
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.exit_status(), 2);
        EXPECT_NE(std::string(e.what()).find("401 Unauthorized"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("to watch jobs (API group batch) in namespace shop"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(WaitForJobResilience, AnUnreadableWatchLineIsNeverTakenForReady) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    auto start = Clock::now();
    api.play({{300ms,
               [](KubeApiDouble& a) { a.inject_raw("<html><body>502 Bad Gateway</body></html>"); }},
              {1200ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    auto result = wait(by_name("migrate"));
    EXPECT_EQ(result.outcome, WaitResult::Outcome::completed);
    EXPECT_GE(since(start), 1200);
    EXPECT_NE(logs().find("sent something unreadable"), std::string::npos) << logs();
    EXPECT_EQ(count_requests("watch=true"), 2u);
    EXPECT_EQ(api.request_log().size(), 4u);  // list, watch, list again, watch
}

TEST_F(WaitForJobResilience, TimesOutWithExitStatusThreeNamingTheJobsState) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    auto start = Clock::now();
    try {
        wait(by_name("migrate", 700ms));
        FAIL() << "expected TimedOut";
    } catch (const TimedOut& e) {
        EXPECT_EQ(e.exit_status(), 3);
        EXPECT_GE(since(start), 700);
        EXPECT_LT(since(start), 1500);
        EXPECT_NE(std::string(e.what()).find(
                      "timed out after 700ms waiting for Job migrate in namespace shop (Job "
                      "migrate: active 1, succeeded 0, failed 0)"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(api.requests(), 2u);
}

TEST_F(WaitForJobResilience, TimesOutForAJobThatNeverAppears) {
    start_api();
    try {
        wait(by_name("migrate", 500ms));
        FAIL() << "expected TimedOut";
    } catch (const TimedOut& e) {
        EXPECT_NE(std::string(e.what()).find("(it does not exist)"), std::string::npos) << e.what();
    }
}

TEST_F(WaitForJobResilience, RetriesAnUnreachableServerUntilItAnswers) {
    std::uint16_t port = start_api().port();
    auto config = cluster();
    api_.reset();  // nothing listens there now
    config.server = "https://127.0.0.1:" + std::to_string(port);
    std::thread later([this, port] {
        std::this_thread::sleep_for(1500ms);
        KubeApiDoubleOptions options;
        options.port = port;
        auto api = std::make_unique<KubeApiDouble>(*pki_, options);
        api->apply(JobBuilder("migrate", "shop").complete().build());
        api_ = std::move(api);
    });
    auto options = by_name("migrate");
    options.first_retry = 100ms;
    auto start = Clock::now();
    WaitResult result;
    EXPECT_NO_THROW(result = wait(options, config));
    later.join();
    EXPECT_EQ(result.outcome, WaitResult::Outcome::completed);
    EXPECT_GE(since(start), 1500);
    EXPECT_NE(logs().find("cannot be reached"), std::string::npos) << logs();
}

TEST_F(WaitForJobResilience, LogsRetriesOfAnUnreachableServerAtMostEveryTenSeconds) {
    std::uint16_t port = start_api().port();
    auto config = cluster();
    api_.reset();
    config.server = "https://127.0.0.1:" + std::to_string(port);
    auto options = by_name("migrate", 2500ms);
    options.first_retry = 50ms;
    options.max_retry = 200ms;
    try {
        wait(options, config);
        FAIL() << "expected TimedOut";
    } catch (const TimedOut& e) {
        EXPECT_NE(
            std::string(e.what()).find("last error: the Kubernetes API server https://127.0.0.1:"),
            std::string::npos)
            << e.what();
    }
    EXPECT_EQ(count_in_log("warning: the Kubernetes API server"), 1u) << logs();
    EXPECT_GE(count_in_log("debug: the Kubernetes API server"), 5u) << logs();
}

TEST_F(WaitForJobResilience, SigtermEndsTheWatchAtOnce) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    Clock::time_point requested;
    std::thread signaller([&] {
        api.wait_for_watches(1, 5s);
        std::this_thread::sleep_for(200ms);
        requested = Clock::now();
        cancellation_.request(SIGTERM);
    });
    try {
        wait(by_name("migrate"));
        FAIL() << "expected Cancelled";
    } catch (const Cancelled& e) {
        auto stopped = Clock::now();
        signaller.join();
        EXPECT_EQ(e.exit_status(), 143);
        EXPECT_LT(stopped - requested, 250ms);  // typically a few ms; slack for a loaded CI machine
        return;
    }
    signaller.join();
}

TEST_F(WaitForJobResilience, SigtermEndsTheBackoffBetweenRetriesAtOnce) {
    std::uint16_t port = start_api().port();
    auto config = cluster();
    api_.reset();
    config.server = "https://127.0.0.1:" + std::to_string(port);
    auto options = by_name("migrate", 60s);
    options.first_retry = 10s;
    std::thread signaller([this] {
        std::this_thread::sleep_for(300ms);
        cancellation_.request(SIGTERM);
    });
    auto start = Clock::now();
    EXPECT_THROW(wait(options, config), Cancelled);
    signaller.join();
    EXPECT_LT(since(start), 1000);
}

}  // namespace
}  // namespace deckhand::kubernetes
