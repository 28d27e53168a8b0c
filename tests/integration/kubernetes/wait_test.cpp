// wait-for-job's verdicts against the API double: Complete, Failed, the conditions that precede
// them, retries that succeed, Jobs created late or gone, and the newest Job of a selector.
#include <atomic>

#include "deckhand/errors.hpp"
#include "kube_fixture.hpp"

namespace deckhand::kubernetes {
namespace {

using Clock = std::chrono::steady_clock;

using WaitForJob = KubeTest;

TEST_F(WaitForJob, ReturnsAtOnceForAJobThatHasAlreadyCompleted) {
    start_api().apply(JobBuilder("migrate", "shop").complete().build());
    auto result = wait(by_name("migrate"));
    EXPECT_EQ(result.outcome, WaitResult::Outcome::completed);
    EXPECT_EQ(result.job_name, "migrate");
    EXPECT_EQ(client_requests_, 1u);  // the list decided it; no watch needed
    EXPECT_EQ(count_requests("fieldSelector=metadata.name%3Dmigrate"), 1u);
}

TEST_F(WaitForJob, CompletesWhenTheCompleteConditionArrivesOnTheWatch) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    auto start = Clock::now();
    api.play({{300ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    auto result = wait(by_name("migrate"));
    EXPECT_EQ(result.outcome, WaitResult::Outcome::completed);
    EXPECT_GE(since(start), 300);
    EXPECT_EQ(api.requests(), 2u);  // one list, one watch
    EXPECT_EQ(count_requests("watch=true"), 1u);
}

TEST_F(WaitForJob, FailsWithinASecondOfTheFailedConditionWithItsReasonAndMessage) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    api.play({{300ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop")
                               .failed(4)
                               .failed_terminally("BackoffLimitExceeded",
                                                  "Job has reached the specified backoff limit")
                               .build());
               }}});
    try {
        wait(by_name("migrate"));
        FAIL() << "expected WorkFailed";
    } catch (const WorkFailed& e) {
        auto latency = Clock::now() - api.last_event_time();
        EXPECT_LT(latency, 1s);
        EXPECT_EQ(e.exit_status(), 1);
        std::string message = e.what();
        EXPECT_NE(
            message.find(
                "Job migrate in namespace shop failed: BackoffLimitExceeded: Job has reached the "
                "specified backoff limit"),
            std::string::npos)
            << message;
        EXPECT_NE(message.find("failed 4"), std::string::npos) << message;
    }
}

TEST_F(WaitForJob, DoesNotFailOnFailureTargetAloneButOnTheFailedConditionThatFollows) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    auto start = Clock::now();
    api.play({{200ms,
               [](KubeApiDouble& a) {
                   a.apply(
                       JobBuilder("migrate", "shop").active(1).failed(6).failure_target().build());
               }},
              {900ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").failed(7).failed_terminally().build());
               }}});
    EXPECT_THROW(wait(by_name("migrate")), WorkFailed);
    EXPECT_GE(since(start), 900);
    EXPECT_NE(logs().find("FailureTarget (BackoffLimitExceeded)"), std::string::npos) << logs();
}

TEST_F(WaitForJob, DoesNotSucceedOnSuccessCriteriaMetAloneButOnCompleteThatFollows) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    auto start = Clock::now();
    api.play({{200ms,
               [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop")
                               .active(1)
                               .succeeded(1)
                               .success_criteria_met()
                               .build());
               }},
              {800ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    wait(by_name("migrate"));
    EXPECT_GE(since(start), 800);
}

TEST_F(WaitForJob, AJobThatFailedAPodAndThenSucceededHasCompleted) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    api.play({{200ms,
               [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").active(1).failed(1).build());
               }},
              {500ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").failed(1).complete().build());
               }}});
    auto result = wait(by_name("migrate"));
    EXPECT_EQ(result.outcome, WaitResult::Outcome::completed);
    EXPECT_NE(logs().find("Job migrate: active 1, succeeded 0, failed 1"), std::string::npos)
        << logs();
    EXPECT_NE(logs().find("Job migrate has completed (active 0, succeeded 1, failed 1"),
              std::string::npos)
        << logs();
}

TEST_F(WaitForJob, WaitsForAJobThatIsCreatedLater) {
    auto& api = start_api();
    auto start = Clock::now();
    api.play({{400ms, [](KubeApiDouble& a) { a.apply(JobBuilder("migrate", "shop").build()); }},
              {600ms,
               [](KubeApiDouble& a) { a.apply(JobBuilder("migrate", "shop").active(1).build()); }},
              {900ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    auto result = wait(by_name("migrate"));
    EXPECT_EQ(result.outcome, WaitResult::Outcome::completed);
    EXPECT_GE(since(start), 900);
    EXPECT_NE(
        logs().find("Job migrate does not exist in namespace shop; waiting for it to be created"),
        std::string::npos)
        << logs();
    EXPECT_EQ(api.requests(), 2u);
}

TEST_F(WaitForJob, AnAbsentJobSucceedsWhenTheDatabaseIsCurrent) {
    start_api();
    auto options = by_name("migrate");
    int checks = 0;
    options.schema_is_current = [&checks] {
        ++checks;
        return true;
    };
    auto result = wait(options);
    EXPECT_EQ(result.outcome, WaitResult::Outcome::schema_current);
    EXPECT_EQ(checks, 1);
    EXPECT_EQ(client_requests_, 1u);
    EXPECT_NE(logs().find("the database already holds every migration"), std::string::npos)
        << logs();
}

TEST_F(WaitForJob, AJobDeletedWhileWaitedForSucceedsWhenTheDatabaseIsCurrent) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    api.play({{300ms, [](KubeApiDouble& a) { a.remove("shop", "migrate"); }}});
    auto options = by_name("migrate");
    std::atomic<int> checks{0};
    options.schema_is_current = [&checks] {
        ++checks;
        return true;
    };
    auto result = wait(options);
    EXPECT_EQ(result.outcome, WaitResult::Outcome::schema_current);
    EXPECT_EQ(checks.load(), 1);  // not asked while the Job existed
}

TEST_F(WaitForJob, ADeletedJobIsWaitedForWhenTheDatabaseLacksMigrations) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    auto start = Clock::now();
    api.play({{200ms, [](KubeApiDouble& a) { a.remove("shop", "migrate"); }},
              {500ms,
               [](KubeApiDouble& a) { a.apply(JobBuilder("migrate", "shop").active(1).build()); }},
              {800ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    auto options = by_name("migrate");
    std::atomic<int> checks{0};
    options.schema_is_current = [&checks] {
        ++checks;
        return false;
    };
    auto result = wait(options);
    EXPECT_EQ(result.outcome, WaitResult::Outcome::completed);
    EXPECT_GE(since(start), 800);
    EXPECT_EQ(checks.load(), 1);
    EXPECT_NE(logs().find("the database lacks migrations of this build; waiting for the Job"),
              std::string::npos)
        << logs();
}

TEST_F(WaitForJob, ADatabaseThatCannotBeCheckedIsLoggedAndTheJobWaitedFor) {
    auto& api = start_api();
    api.play({{300ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    auto options = by_name("migrate");
    options.schema_is_current = []() -> bool {
        throw std::runtime_error("connection to postgres://app:s3cret@db/shop refused");
    };
    auto result = wait(options);
    EXPECT_EQ(result.outcome, WaitResult::Outcome::completed);
    EXPECT_NE(logs().find("the database could not be checked"), std::string::npos) << logs();
    EXPECT_EQ(logs().find("s3cret"), std::string::npos) << logs();
}

TEST_F(WaitForJob, TheNewestJobMatchingTheSelectorWins) {
    auto& api = start_api();
    api.apply(JobBuilder("shop-migrate-41", "shop")
                  .label("app", "shop")
                  .label("role", "migrate")
                  .created("2026-01-01T10:00:00Z")
                  .complete()
                  .build());
    api.apply(JobBuilder("shop-migrate-42", "shop")
                  .label("app", "shop")
                  .label("role", "migrate")
                  .created("2026-01-02T10:00:00Z")
                  .active(1)
                  .build());
    // Newer, but another application's: the selector leaves it out.
    api.apply(JobBuilder("blog-migrate-9", "shop")
                  .label("app", "blog")
                  .label("role", "migrate")
                  .created("2026-01-03T10:00:00Z")
                  .failed_terminally()
                  .build());
    auto start = Clock::now();
    api.play({{400ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("shop-migrate-42", "shop")
                               .label("app", "shop")
                               .label("role", "migrate")
                               .created("2026-01-02T10:00:00Z")
                               .complete()
                               .build());
               }}});
    auto result = wait(by_selector("app=shop,role=migrate"));
    EXPECT_EQ(result.job_name, "shop-migrate-42");
    EXPECT_GE(since(start), 400);  // the older, complete Job did not decide it
    EXPECT_EQ(count_requests("labelSelector=app%3Dshop%2Crole%3Dmigrate"), 2u);
}

TEST_F(WaitForJob, TheNewestJobFailingFailsTheWaitEvenIfAnOlderOneCompleted) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate-1", "shop")
                  .label("app", "shop")
                  .created("2026-01-01T10:00:00Z")
                  .complete()
                  .build());
    api.apply(
        JobBuilder("migrate-2", "shop")
            .label("app", "shop")
            .created("2026-01-02T10:00:00Z")
            .failed_terminally("DeadlineExceeded", "Job was active longer than specified deadline")
            .build());
    try {
        wait(by_selector("app=shop"));
        FAIL() << "expected WorkFailed";
    } catch (const WorkFailed& e) {
        EXPECT_NE(
            std::string(e.what()).find("Job migrate-2 in namespace shop failed: DeadlineExceeded"),
            std::string::npos)
            << e.what();
    }
}

TEST_F(WaitForJob, AJobCreatedForANewerRevisionDuringTheWaitTakesOver) {
    auto& api = start_api();
    auto job = [](const char* name, const char* created) {
        return JobBuilder(name, "shop").label("app", "shop").created(created);
    };
    api.apply(job("migrate-1", "2026-01-01T10:00:00Z").active(1).build());
    auto start = Clock::now();
    api.play({{300ms,
               [job](KubeApiDouble& a) {
                   a.apply(job("migrate-2", "2026-01-01T11:00:00Z").active(1).build());
               }},
              {600ms,
               [job](KubeApiDouble& a) {
                   a.apply(job("migrate-1", "2026-01-01T10:00:00Z").complete().build());
               }},
              {900ms, [job](KubeApiDouble& a) {
                   a.apply(job("migrate-2", "2026-01-01T11:00:00Z").complete().build());
               }}});
    auto result = wait(by_selector("app=shop"));
    EXPECT_EQ(result.job_name, "migrate-2");
    EXPECT_GE(since(start), 900);
}

TEST_F(WaitForJob, NoJobMatchingTheSelectorIsWaitedFor) {
    auto& api = start_api();
    api.play({{300ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate-7", "shop").label("app", "shop").complete().build());
               }}});
    auto result = wait(by_selector("app=shop"));
    EXPECT_EQ(result.job_name, "migrate-7");
    EXPECT_NE(logs().find("no Job matching app=shop exists in namespace shop"), std::string::npos)
        << logs();
}

TEST_F(WaitForJob, ProgressLinesNameTheJobItsCountersAndTheTimeWaited) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    auto options = by_name("migrate", 2500ms);
    options.progress_interval = 300ms;
    EXPECT_THROW(wait(options), TimedOut);
    EXPECT_NE(logs().find("info: Job migrate: active 1, succeeded 0, failed 0; waited "),
              std::string::npos)
        << logs();
    EXPECT_GE(count_in_log(
                  "info: still waiting for Job migrate: active 1, succeeded 0, failed 0; waited"),
              1u)
        << logs();
}

TEST_F(WaitForJob, JobsInOtherNamespacesAreNotSeen) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "blog").complete().build());
    auto start = Clock::now();
    api.play({{300ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    wait(by_name("migrate"));
    EXPECT_GE(since(start), 300);
}

}  // namespace
}  // namespace deckhand::kubernetes
