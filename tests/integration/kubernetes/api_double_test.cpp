// The API double answers as the Kubernetes API documents: these tests pin the shapes that the
// wait-for-job tests rely on (get, 404 and 403 Status objects, list items, watch start-up).
#include <nlohmann/json.hpp>

#include "kube_fixture.hpp"

namespace deckhand::kubernetes {
namespace {

using nlohmann::json;

class KubeApiDoubleShape : public KubeTest {
  protected:
    ApiResponse get(const std::string& path) {
        ApiClient client(cluster(), cancellation_);
        return client.get(path, std::nullopt);
    }
};

TEST_F(KubeApiDoubleShape, GetReturnsTheJobWithItsResourceVersion) {
    auto version = start_api().apply(JobBuilder("migrate", "shop").active(1).build());
    auto response = get("/apis/batch/v1/namespaces/shop/jobs/migrate");
    ASSERT_EQ(response.status, 200) << response.body;
    auto job = json::parse(response.body);
    EXPECT_EQ(job["kind"], "Job");
    EXPECT_EQ(job["apiVersion"], "batch/v1");
    EXPECT_EQ(job["metadata"]["resourceVersion"], std::to_string(version));
    EXPECT_EQ(job["status"]["active"], 1);
    EXPECT_FALSE(job["status"].contains("succeeded"));  // zero counters are omitted
}

TEST_F(KubeApiDoubleShape, AMissingJobIsA404StatusNamingIt) {
    start_api();
    auto response = get("/apis/batch/v1/namespaces/shop/jobs/migrate");
    ASSERT_EQ(response.status, 404);
    auto status = json::parse(response.body);
    EXPECT_EQ(status["kind"], "Status");
    EXPECT_EQ(status["reason"], "NotFound");
    EXPECT_EQ(status["message"], "jobs.batch \"migrate\" not found");
    EXPECT_EQ(status["details"]["group"], "batch");
    EXPECT_EQ(status["code"], 404);
}

TEST_F(KubeApiDoubleShape, ForbiddenIsAStatusObjectAsTheApiDocumentsIt) {
    start_api().set_forbidden(true);
    auto response = get("/apis/batch/v1/namespaces/shop/jobs?watch=true");
    ASSERT_EQ(response.status, 403);
    auto status = json::parse(response.body);
    EXPECT_EQ(status["kind"], "Status");
    EXPECT_EQ(status["apiVersion"], "v1");
    EXPECT_EQ(status["status"], "Failure");
    EXPECT_EQ(status["reason"], "Forbidden");
    EXPECT_EQ(status["details"], (json{{"group", "batch"}, {"kind", "jobs"}}));
    EXPECT_EQ(status["code"], 403);
    EXPECT_EQ(status["message"],
              "jobs.batch is forbidden: User \"system:serviceaccount:default:app\" cannot watch "
              "resource \"jobs\" "
              "in API group \"batch\" in the namespace \"shop\"");
}

TEST_F(KubeApiDoubleShape, ListItemsCarryNoKindAndTheListHasAResourceVersion) {
    auto& api = start_api();
    api.apply(JobBuilder("a", "shop").label("app", "shop").build());
    api.apply(JobBuilder("b", "shop").label("app", "blog").build());
    auto response = get("/apis/batch/v1/namespaces/shop/jobs?labelSelector=app%20in%20(shop,x)");
    ASSERT_EQ(response.status, 200) << response.body;
    auto list = json::parse(response.body);
    EXPECT_EQ(list["kind"], "JobList");
    EXPECT_EQ(list["metadata"]["resourceVersion"], std::to_string(api.resource_version()));
    ASSERT_EQ(list["items"].size(), 1u);
    EXPECT_EQ(list["items"][0]["metadata"]["name"], "a");
    EXPECT_FALSE(list["items"][0].contains("kind"));
}

TEST_F(KubeApiDoubleShape, AnUnsupportedFieldSelectorIsABadRequest) {
    start_api();
    auto response = get("/apis/batch/v1/namespaces/shop/jobs?fieldSelector=status.phase%3DDone");
    EXPECT_EQ(response.status, 400);
    EXPECT_NE(response.body.find("field label not supported: status.phase"), std::string::npos)
        << response.body;
}

TEST_F(KubeApiDoubleShape, AWatchWithoutResourceVersionStartsWithTheCurrentJobsAsAdded) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    ApiClient client(cluster(), cancellation_);
    std::vector<json> events;
    auto response = client.stream(
        "/apis/batch/v1/namespaces/shop/jobs?watch=true&timeoutSeconds=1",
        [&events](std::string_view line) {
            events.push_back(json::parse(line));
            return true;
        },
        {}, std::nullopt);
    EXPECT_EQ(response.status, 200);
    EXPECT_TRUE(response.transport_error.empty()) << response.transport_error;  // ended cleanly
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]["type"], "ADDED");
    EXPECT_EQ(events[0]["object"]["metadata"]["name"], "migrate");
}

}  // namespace
}  // namespace deckhand::kubernetes
