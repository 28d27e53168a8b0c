// Job objects read from the API's documented shape, and the verdict their conditions give.
#include "deckhand/kubernetes/job.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/kube_api_double.hpp"

namespace deckhand::kubernetes {
namespace {

using test::JobBuilder;

TEST(JobVerdict, AFreshJobWithoutStatusIsPendingWithZeroCounters) {
    auto object = JobBuilder("migrate", "shop").build();
    object.erase("status");  // not yet seen by the Job controller
    auto job = parse_job(object);
    EXPECT_EQ(job.name, "migrate");
    EXPECT_EQ(job.namespace_name, "shop");
    EXPECT_EQ(job.active + job.succeeded + job.failed, 0);
    EXPECT_EQ(verdict(job), Verdict::pending);
}

TEST(JobVerdict, OmittedCountersReadAsZero) {
    auto object = JobBuilder("migrate").active(1).build();
    ASSERT_FALSE(object["status"].contains("succeeded"));
    ASSERT_FALSE(object["status"].contains("failed"));
    auto job = parse_job(object);
    EXPECT_EQ(job.active, 1);
    EXPECT_EQ(job.succeeded, 0);
    EXPECT_EQ(job.failed, 0);
    EXPECT_EQ(describe_progress(job), "active 1, succeeded 0, failed 0");
}

TEST(JobVerdict, CompleteTrueIsComplete) {
    EXPECT_EQ(verdict(parse_job(JobBuilder("migrate").complete().build())), Verdict::complete);
}

TEST(JobVerdict, AJobThatFailedAPodAndThenSucceededIsComplete) {
    auto job = parse_job(JobBuilder("migrate").failed(1).complete().build());
    EXPECT_EQ(job.failed, 1);
    EXPECT_EQ(verdict(job), Verdict::complete);
}

TEST(JobVerdict, FailedTrueIsFailedWithItsReasonAndMessage) {
    auto job = parse_job(JobBuilder("migrate").failed(7).failed_terminally().build());
    EXPECT_EQ(verdict(job), Verdict::failed);
    ASSERT_NE(job.true_condition("Failed"), nullptr);
    EXPECT_EQ(job.true_condition("Failed")->reason, "BackoffLimitExceeded");
    EXPECT_EQ(job.true_condition("Failed")->message, "Job has reached the specified backoff limit");
}

TEST(JobVerdict, SuccessCriteriaMetAloneDecidesNothing) {
    auto job = parse_job(JobBuilder("migrate").succeeded(1).success_criteria_met().build());
    EXPECT_EQ(verdict(job), Verdict::pending);
    EXPECT_NE(describe_progress(job).find("SuccessCriteriaMet"), std::string::npos);
}

TEST(JobVerdict, FailureTargetAloneDecidesNothing) {
    auto job = parse_job(JobBuilder("migrate").active(1).failed(6).failure_target().build());
    EXPECT_EQ(verdict(job), Verdict::pending);
    EXPECT_NE(describe_progress(job).find("FailureTarget (BackoffLimitExceeded)"),
              std::string::npos);
}

TEST(JobVerdict, AConditionWhoseStatusIsFalseDecidesNothing) {
    auto job =
        parse_job(JobBuilder("migrate").active(1).condition("Complete", "False", "NotYet").build());
    EXPECT_EQ(verdict(job), Verdict::pending);
}

TEST(JobParsing, ReadsIdentityLabelsAndCreationTime) {
    auto job = parse_job(JobBuilder("migrate-7", "shop")
                             .label("app.kubernetes.io/instance", "shop")
                             .created("2026-03-01T12:00:05Z")
                             .uid("abc")
                             .build());
    EXPECT_EQ(job.uid, "abc");
    EXPECT_EQ(job.labels.at("app.kubernetes.io/instance"), "shop");
    EXPECT_EQ(job.created.time_since_epoch().count(), 1772366405);
    EXPECT_EQ(job.resource_version, "0");
}

TEST(JobParsing, AnAnswerWithoutAResourceVersionIsAnErrorNotReady) {
    auto object = JobBuilder("migrate").complete().build();
    object["metadata"].erase("resourceVersion");
    EXPECT_THROW(parse_job(object), std::invalid_argument);
}

TEST(JobParsing, AnotherKindOfObjectIsRefused) {
    auto object = JobBuilder("migrate").build();
    object["kind"] = "Pod";
    EXPECT_THROW(parse_job(object), std::invalid_argument);
}

TEST(JobParsing, MalformedConditionsAreRefused) {
    auto object = JobBuilder("migrate").build();
    object["status"]["conditions"] = "Complete";
    EXPECT_THROW(parse_job(object), std::invalid_argument);
    object["status"]["conditions"] = nlohmann::json::array({{{"status", "True"}}});
    EXPECT_THROW(parse_job(object), std::invalid_argument);
}

TEST(Timestamps, ParsesUtcFractionsAndOffsets) {
    EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00Z").time_since_epoch().count(), 0);
    EXPECT_EQ(parse_timestamp("2026-03-01T12:00:05.123456Z").time_since_epoch().count(),
              1772366405);
    EXPECT_EQ(parse_timestamp("2026-03-01T14:00:05+02:00").time_since_epoch().count(), 1772366405);
    EXPECT_THROW(parse_timestamp("yesterday"), std::invalid_argument);
    EXPECT_THROW(parse_timestamp("2026-03-01T12:00:05"), std::invalid_argument);
}

}  // namespace
}  // namespace deckhand::kubernetes
