// Post-deployment migrations: --phase pre leaves post/ scripts pending, post applies them once
// the pre ones are in, all applies everything in version order.
#include <gmock/gmock.h>

#include "migrate_fixture.hpp"

namespace deckhand::test {
namespace {

using script::Phase;

class PhasesTest : public MigrateTest {
  protected:
    void SetUp() override {
        MigrateTest::SetUp();
        write("V1__create_posts.sql", "CREATE TABLE posts (id integer, legacy text);");
        write("V2__add_body.sql", "ALTER TABLE posts ADD COLUMN body text;");
        write("post/V3__drop_legacy.sql", "ALTER TABLE posts DROP COLUMN legacy;");
        write("R__posts_view.sql",
              "DROP VIEW IF EXISTS posts_view;\nCREATE VIEW posts_view AS SELECT id, body FROM "
              "posts;");
    }
    migrate::MigrateResult run_phase(Phase phase) {
        migrate::MigrateOptions options;
        options.phase = phase;
        return run_migrate(options);
    }
    bool has_legacy_column() {
        return on_postgres()
                   ? scalar(
                         "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                         "current_schema() AND table_name = 'posts' AND column_name = 'legacy'") !=
                         "0"
                   : scalar(
                         "SELECT count(*) FROM pragma_table_info('posts') WHERE name = 'legacy'") !=
                         "0";
    }
};

TEST_P(PhasesTest, PhasePreLeavesPostDeploymentScriptsPending) {
    auto result = run_phase(Phase::pre);
    EXPECT_EQ(result.applied.size(), 3u);  // V1, V2, R
    EXPECT_TRUE(has_legacy_column());
    auto current = status();
    EXPECT_TRUE(current.is_current(Phase::pre));
    EXPECT_FALSE(current.is_current(Phase::post));
    EXPECT_FALSE(current.is_current(Phase::all));
    EXPECT_EQ(status_of_version("3"), migrate::MigrationState::pending);
    auto outstanding = current.outstanding(Phase::post);
    ASSERT_EQ(outstanding.size(), 1u);
    EXPECT_EQ(outstanding[0]->script, "post/V3__drop_legacy.sql");
    EXPECT_EQ(outstanding[0]->phase, Phase::post);
}

TEST_P(PhasesTest, PhasePostAppliesThePostDeploymentScriptsAfterTheRollout) {
    run_phase(Phase::pre);
    auto result = run_phase(Phase::post);
    ASSERT_EQ(result.applied.size(), 1u);
    EXPECT_EQ(result.applied[0].script, "post/V3__drop_legacy.sql");
    EXPECT_FALSE(has_legacy_column());
    EXPECT_EQ(history().back().phase, Phase::post);
    EXPECT_TRUE(status().is_current(Phase::all));
}

TEST_P(PhasesTest, PhasePostRefusesWhilePreDeploymentScriptsArePending) {
    const std::string before = dump();
    int exit_status = 0;
    EXPECT_EQ(
        error_of([&] { run_phase(Phase::post); }, &exit_status),
        "3 pre-deployment migrations are still pending (V1__create_posts.sql, V2__add_body.sql, "
        "R__posts_view.sql); run `deckhand migrate --phase pre` first, or use --phase all");
    EXPECT_EQ(exit_status, 1);
    EXPECT_EQ(dump(), before);
}

TEST_P(PhasesTest, PhaseAllAppliesEverythingInVersionOrder) {
    write("V4__after_contract.sql", "CREATE TABLE after_contract (x integer);");
    auto result = run_phase(Phase::all);
    ASSERT_EQ(result.applied.size(), 5u);
    EXPECT_EQ(result.applied[2].script, "post/V3__drop_legacy.sql");
    EXPECT_EQ(result.applied[3].script, "V4__after_contract.sql");
    EXPECT_EQ(result.applied[4].script, "R__posts_view.sql");
}

TEST_P(PhasesTest, ANextReleasesPreScriptsMayRunBeforeTheLastReleasesPostScripts) {
    run_phase(Phase::pre);
    // The post Job of release 1 has not run yet when release 2's pre Job comes.
    write("V4__release_two.sql", "CREATE TABLE release_two (x integer);");
    EXPECT_EQ(run_phase(Phase::pre).applied.size(), 1u);
    // Post V3 is older than pre V4, but phases are separate sequences: not out of order.
    EXPECT_EQ(status_of_version("3"), migrate::MigrationState::pending);
    EXPECT_EQ(run_phase(Phase::post).applied.size(), 1u);
}

TEST_P(PhasesTest, SchemaIsCurrentAnswersPerPhase) {
    auto migrations = load();
    EXPECT_FALSE(migrate::schema_is_current(db(), migrations, Phase::pre));
    run_phase(Phase::pre);
    EXPECT_TRUE(migrate::schema_is_current(db(), migrations, Phase::pre));
    EXPECT_FALSE(migrate::schema_is_current(db(), migrations, Phase::post));
    run_phase(Phase::post);
    EXPECT_TRUE(migrate::schema_is_current(db(), migrations, Phase::all));
}

DECKHAND_ON_BOTH_DIALECTS(PhasesTest);

}  // namespace
}  // namespace deckhand::test
