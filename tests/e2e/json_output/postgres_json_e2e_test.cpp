// --output json and --log-format json on a real PostgreSQL server, through the installed
// deckhand: migrate's document (and its failure), typed values from `sql`, and a password that
// a server message echoes scrubbed from the document and from every log field.
#include "json_fixture.hpp"
#include "support/postgres_server.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PostgresJson : public JsonOutputTest {
  protected:
    PostgresJson() { use_url(server_.create_database("json_output")); }

    PostgresServer server_;
};

TEST_F(PostgresJson, MigrateReportsAppliedFailedAndTheSchemaVersion) {
    migration("V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
    migration("V1.1__index.sql", "CREATE INDEX CONCURRENTLY users_id ON users (id);\n");
    const auto result = run({"--log-format", "json", "migrate", "--output", "json"});
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    const auto report = document(result);
    expect_outcome(report, 0);
    ASSERT_EQ(report["applied"].size(), 2u) << report.dump(2);
    EXPECT_EQ(report["applied"][0]["version"], "1");
    EXPECT_EQ(report["applied"][1]["version"], "1.1");
    EXPECT_EQ(report["applied"][1]["transaction"], false);
    EXPECT_TRUE(report["applied"][1]["duration_ms"].is_number_integer());
    EXPECT_EQ(report["schema_version"], "1.1");
    const auto applied = events(result, "migration_applied");
    ASSERT_EQ(applied.size(), 2u) << result.err;
    EXPECT_EQ(applied[1]["version"], "1.1");

    migration("V2__broken.sql", "INSERT INTO users VALUES ('not a number');\n");
    const auto failed = run({"migrate", "--output", "json"});
    EXPECT_EQ(failed.exit_code, 1) << shown(failed);
    const auto partial = document(failed);
    expect_outcome(partial, 1, "work_failed");
    EXPECT_TRUE(partial["applied"].empty());
    EXPECT_EQ(partial["failed"]["script"], "V2__broken.sql");
    EXPECT_EQ(partial["schema_version"], "1.1");
    EXPECT_THAT(partial["error"]["message"].get<std::string>(), HasSubstr("V2__broken.sql:1"));
}

TEST_F(PostgresJson, APasswordEchoedByTheServerIsScrubbedFromTheDocumentAndTheLog) {
    // The server names the missing table: here, the password.
    migration("V1__leak.sql", "SELECT * FROM \"" + server_.password() + "\";\n");
    const auto result = run({"--log-format", "json", "migrate", "--output", "json"});
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    EXPECT_THAT(result.out, Not(HasSubstr(server_.password())));
    EXPECT_THAT(result.err, Not(HasSubstr(server_.password())));
    const auto report = document(result);
    EXPECT_THAT(report["error"]["message"].get<std::string>(), HasSubstr("***"));
    const auto failed = events(result, "migration_failed");
    ASSERT_EQ(failed.size(), 1u) << result.err;
    EXPECT_THAT(failed[0]["error"].get<std::string>(), HasSubstr("***"));
}

TEST_F(PostgresJson, SqlKeepsTheColumnTypes) {
    work().write("q.sql",
                 "SELECT 1 AS one, 2::bigint AS big, 1.50::numeric AS price, 0.25::float8 AS "
                 "ratio, true AS yes, NULL::int AS nothing, 'x'::text AS word, "
                 "'{\"a\": [1, 2]}'::jsonb AS doc, '2026-01-02'::date AS day, "
                 "'NaN'::float8 AS not_a_number;\n");
    const auto result = run({"sql", "q.sql", "--output", "json"});
    ASSERT_EQ(result.exit_code, 0) << shown(result);
    const auto report = document(result);
    const auto& row = report["statements"][0]["rows"][0];
    EXPECT_TRUE(row["one"].is_number_integer()) << row.dump();
    EXPECT_EQ(row["one"], 1);
    EXPECT_EQ(row["big"], 2);
    EXPECT_TRUE(row["price"].is_number()) << row.dump();
    EXPECT_DOUBLE_EQ(row["price"].get<double>(), 1.5);
    EXPECT_DOUBLE_EQ(row["ratio"].get<double>(), 0.25);
    EXPECT_EQ(row["yes"], true);
    EXPECT_TRUE(row["nothing"].is_null());
    EXPECT_EQ(row["word"], "x");
    EXPECT_EQ(row["doc"], nlohmann::json::parse(R"({"a": [1, 2]})"));
    EXPECT_EQ(row["day"], "2026-01-02");
    EXPECT_EQ(row["not_a_number"], "NaN");
}

}  // namespace
}  // namespace deckhand::test
