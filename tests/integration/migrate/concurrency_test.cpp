// Many runners at once in one process, each with its own connection: each script exactly once.
// (The same with separate processes is in process_test.cpp.)
#include <gmock/gmock.h>

#include <thread>

#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using ConcurrencyTest = MigrateTest;

TEST_P(ConcurrencyTest, EightRunnersAtOnceApplyEveryScriptExactlyOnce) {
    write("V1__runs.sql", "CREATE TABLE runs (script text);");
    for (int i = 2; i <= 40; ++i) {
        write("V" + std::to_string(i) + "__step.sql",
              "CREATE TABLE step_" + std::to_string(i) +
                  " (x integer);\nINSERT INTO runs VALUES ('" + std::to_string(i) + "');");
    }
    std::vector<std::unique_ptr<db::Connection>> connections;
    for (int i = 0; i < 8; ++i) {
        connections.push_back(connect());
    }
    const auto migrations = load();
    std::vector<std::string> errors(8);
    std::vector<std::size_t> applied(8);
    std::vector<std::thread> runners;
    for (int i = 0; i < 8; ++i) {
        runners.emplace_back([&, i] {
            errors[i] = error_of([&] {
                applied[i] = migrate::migrate(*connections[i], migrations, {}, io()).applied.size();
            });
        });
    }
    for (auto& runner : runners) {
        runner.join();
    }
    std::size_t total = 0;
    for (int i = 0; i < 8; ++i) {
        EXPECT_EQ(errors[i], "(no error)") << "runner " << i;
        total += applied[i];
    }
    EXPECT_EQ(total, 40u);
    EXPECT_EQ(scalar("SELECT count(*) FROM runs"), "39");
    EXPECT_EQ(scalar("SELECT count(DISTINCT script) FROM runs"), "39");
    EXPECT_EQ(scalar("SELECT count(DISTINCT version) FROM deckhand_schema_history"), "40");
    EXPECT_EQ(scalar("SELECT count(*) FROM deckhand_schema_history"), "40");
}

DECKHAND_ON_BOTH_DIALECTS(ConcurrencyTest);

}  // namespace
}  // namespace deckhand::test
