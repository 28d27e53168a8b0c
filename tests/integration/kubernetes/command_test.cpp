// The wait-for-job command as the host runs it (options parsed, a Context lent), with a real
// SQLite database and migrations folder for the absent-Job rule, answered by the migrate engine.
#include <spdlog/spdlog.h>

#include <boost/program_options.hpp>
#include <sstream>

#include "commands/wait_for_job_command.hpp"
#include "deckhand/duration_option.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/kubernetes/cluster_work.hpp"
#include "deckhand/kubernetes/schema_check.hpp"
#include "deckhand/migrate/engine.hpp"
#include "deckhand/sqlite/sqlite_connection.hpp"
#include "kube_fixture.hpp"
#include "sqlite_context.hpp"

namespace deckhand::kubernetes {
namespace {

namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

class WaitForJobCommandTest : public KubeTest {
  protected:
    WaitForJobCommandTest() {
        migrations_ = scratch_.path() / "migrations";
        scratch_.write("migrations/V1__create_orders.sql",
                       "CREATE TABLE orders (id INTEGER PRIMARY KEY);\n");
        scratch_.write("migrations/V2__add_total.sql",
                       "ALTER TABLE orders ADD COLUMN total INTEGER;\n");
        // A post-deployment script: init containers must not wait for it.
        scratch_.write("migrations/post/V3__drop_legacy.sql",
                       "CREATE TABLE legacy_gone (id INTEGER);\n");
        database_ = "sqlite:" + (scratch_.path() / "app.db").string();
    }

    // Applies the pre-phase migrations up to `target` (all of them without one).
    void migrate_database(const std::optional<std::string>& target = std::nullopt) {
        auto connection = sqlite::open_sqlite(parse_database_url(database_, "test"), {});
        auto set = script::load_migrations(migrations_, "sqlite");
        migrate::MigrateOptions options;
        if (target) {
            options.target = script::Version::parse(*target, "target");
        }
        std::ostringstream out;
        migrate::migrate(*connection, set, options, {logger_, out, cancellation_});
    }

    std::filesystem::path kubeconfig() {
        return scratch_.write("kubeconfig",
                              "current-context: test\n"
                              "clusters: [{name: double, cluster: {server: '" +
                                  api_->url() + "', certificate-authority: '" +
                                  pki_->ca_cert().string() +
                                  "'}}]\n"
                                  "users: [{name: ci, user: {token: test-token}}]\n"
                                  "contexts: [{name: test, context: {cluster: double, user: ci, "
                                  "namespace: shop}}]\n");
    }

    Config config(bool with_database = true) const {
        Config config;
        config.history_table = history_table_;
        if (with_database) {
            config.database_url_text = database_;
            config.database_url_origin = "--database-url";
        }
        config.migrations_dir = migrations_;
        return config;
    }

    // Parses `args` as the host does, then runs the command.
    int run(WaitForJobCommand& command, const std::vector<std::string>& args,
            SqliteContext& context) {
        po::options_description options;
        po::positional_options_description positionals;
        command.define_options(options);
        command.define_positionals(positionals);
        po::variables_map values;
        try {
            po::store(po::command_line_parser(args).options(options).positional(positionals).run(),
                      values);
        } catch (const DurationOptionError& e) {
            throw UsageError(e.what());  // as the host reports it
        }
        po::notify(values);
        command.validate_options();
        return command.run(context);
    }

    std::filesystem::path migrations_;
    std::string database_;
    std::string history_table_ = "deckhand_schema_history";
};

TEST_F(WaitForJobCommandTest, AnAbsentJobSucceedsWhenTheSqliteDatabaseHoldsEveryPreMigration) {
    start_api();
    migrate_database();  // V1 and V2; the post-phase V3 stays pending
    WaitForJobCommand command(&run_wait_for_job, &database_holds_shipped_migrations);
    SqliteContext context(config(), logger_, cancellation_);
    EXPECT_EQ(run(command, {"migrate", "--kubeconfig", kubeconfig().string()}, context), 0);
    EXPECT_EQ(context.databases_opened, 1);
    EXPECT_EQ(api_->requests(), 1u);
}

TEST_F(WaitForJobCommandTest, TheDatabaseFallbackReadsTheConfiguredHistoryTable) {
    auto& api = start_api();
    migrate_database();  // into deckhand_schema_history; this app's table is another
    history_table_ = "shop_history";
    WaitForJobCommand command(&run_wait_for_job, &database_holds_shipped_migrations);
    SqliteContext context(config(), logger_, cancellation_);
    api.play({{500ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    EXPECT_EQ(run(command, {"migrate", "--kubeconfig", kubeconfig().string()}, context), 0);
    EXPECT_NE(logs().find("the database lacks migrations of this build"), std::string::npos)
        << logs();
}

TEST_F(WaitForJobCommandTest, AnAbsentJobIsWaitedForWhenTheSqliteDatabaseLacksAMigration) {
    auto& api = start_api();
    migrate_database("1");
    WaitForJobCommand command(&run_wait_for_job, &database_holds_shipped_migrations);
    SqliteContext context(config(), logger_, cancellation_);
    auto start = Clock::now();
    api.play({{500ms, [](KubeApiDouble& a) {
                   a.apply(JobBuilder("migrate", "shop").complete().build());
               }}});
    EXPECT_EQ(run(command, {"migrate", "--kubeconfig", kubeconfig().string()}, context), 0);
    EXPECT_GE(since(start), 500);
    EXPECT_NE(logs().find("the database lacks migrations of this build"), std::string::npos)
        << logs();
}

TEST_F(WaitForJobCommandTest, AJobDeletedMidWaitSucceedsWhenTheSqliteDatabaseIsCurrent) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    migrate_database();  // as if another replica of the Job had finished before this one was
                         // deleted
    WaitForJobCommand command(&run_wait_for_job, &database_holds_shipped_migrations);
    SqliteContext context(config(), logger_, cancellation_);
    api.play({{300ms, [](KubeApiDouble& a) { a.remove("shop", "migrate"); }}});
    EXPECT_EQ(run(command, {"migrate", "--kubeconfig", kubeconfig().string()}, context), 0);
    EXPECT_EQ(context.databases_opened, 1);  // only once the Job had gone
    EXPECT_NE(logs().find("Job migrate was deleted"), std::string::npos) << logs();
}

TEST_F(WaitForJobCommandTest, AJobDeletedMidWaitIsWaitedForWhenTheSqliteDatabaseLacksAMigration) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "shop").active(1).build());
    migrate_database("1");
    WaitForJobCommand command(&run_wait_for_job, &database_holds_shipped_migrations);
    SqliteContext context(config(), logger_, cancellation_);
    api.play({{300ms, [](KubeApiDouble& a) { a.remove("shop", "migrate"); }}});
    EXPECT_THROW(run(command, {"migrate", "--timeout", "1s", "--kubeconfig", kubeconfig().string()},
                     context),
                 TimedOut);
    EXPECT_EQ(context.databases_opened, 1);
}

TEST_F(WaitForJobCommandTest, AFreshDatabaseWithoutHistoryIsNotCurrent) {
    start_api();
    WaitForJobCommand command(&run_wait_for_job, &database_holds_shipped_migrations);
    SqliteContext context(config(), logger_, cancellation_);
    EXPECT_THROW(
        run(command, {"migrate", "--timeout", "600ms", "--kubeconfig", kubeconfig().string()},
            context),
        TimedOut);
    EXPECT_EQ(context.databases_opened, 1);
}

TEST_F(WaitForJobCommandTest, WithoutADatabaseUrlAnAbsentJobIsWaitedFor) {
    start_api();
    migrate_database();
    WaitForJobCommand command(&run_wait_for_job, &database_holds_shipped_migrations);
    SqliteContext context(config(false), logger_, cancellation_);
    try {
        run(command, {"migrate", "--timeout", "600ms", "--kubeconfig", kubeconfig().string()},
            context);
        FAIL() << "expected TimedOut";
    } catch (const TimedOut& e) {
        EXPECT_NE(std::string(e.what()).find("(it does not exist)"), std::string::npos) << e.what();
    }
    EXPECT_EQ(context.databases_opened, 0);
}

TEST_F(WaitForJobCommandTest, WithoutTheMigrationsFolderAnAbsentJobIsWaitedFor) {
    start_api();
    migrate_database();
    std::filesystem::remove_all(migrations_);
    WaitForJobCommand command(&run_wait_for_job, &database_holds_shipped_migrations);
    SqliteContext context(config(), logger_, cancellation_);
    EXPECT_THROW(
        run(command, {"migrate", "--timeout", "600ms", "--kubeconfig", kubeconfig().string()},
            context),
        TimedOut);
    EXPECT_EQ(context.databases_opened, 0);
    EXPECT_NE(logs().find("does not exist, so an absent Job cannot be settled by the database"),
              std::string::npos)
        << logs();
}

TEST_F(WaitForJobCommandTest, TheNamespaceFlagWinsOverTheKubeconfigContext) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate", "blog").complete().build());
    WaitForJobCommand command(&run_wait_for_job);
    SqliteContext context(config(false), logger_, cancellation_);
    EXPECT_EQ(
        run(command, {"migrate", "-n", "blog", "--kubeconfig", kubeconfig().string()}, context), 0);
    EXPECT_EQ(count_requests("/namespaces/blog/jobs?"), 1u);
}

TEST_F(WaitForJobCommandTest, ASelectorIsPassedToTheApi) {
    auto& api = start_api();
    api.apply(JobBuilder("migrate-3", "shop")
                  .label("app.kubernetes.io/instance", "shop")
                  .complete()
                  .build());
    WaitForJobCommand command(&run_wait_for_job);
    SqliteContext context(config(false), logger_, cancellation_);
    EXPECT_EQ(run(command,
                  {"--selector", "app.kubernetes.io/instance=shop", "--kubeconfig",
                   kubeconfig().string()},
                  context),
              0);
    EXPECT_EQ(count_requests("labelSelector=app.kubernetes.io%2Finstance%3Dshop"), 1u);
}

TEST_F(WaitForJobCommandTest, OptionsAreCheckedBeforeAnythingRuns) {
    SqliteContext context(config(false), logger_, cancellation_);
    int waits = 0;
    auto refuses = [&](const std::vector<std::string>& args, const std::string& expected) {
        // The plugin's waiter opens its private library: a bad flag must not get that far.
        WaitForJobCommand command([&waits](Context&, const WaitRequest&) { ++waits; });
        try {
            run(command, args, context);
            ADD_FAILURE() << "expected UsageError for " << expected;
        } catch (const UsageError& e) {
            EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
        }
    };
    refuses({}, "needs the Job's name or --selector");
    refuses({"migrate", "--selector", "app=shop"}, "not both");
    refuses({"Migrate_Job"}, "'Migrate_Job' is not a Job name");
    refuses({"migrate", "--namespace", "Shop"}, "--namespace 'Shop'");
    refuses({"migrate", "--timeout", "soon"},
            "--timeout expects a duration such as 90s, 5m, 1h30m or 250ms, not 'soon'");
    EXPECT_EQ(waits, 0);
}

TEST_F(WaitForJobCommandTest, TheWaiterGetsTheParsedOptionsAndTheSchemaCheck) {
    SqliteContext context(config(), logger_, cancellation_);
    std::optional<WaitRequest> asked;
    WaitForJobCommand command([&asked](Context&, const WaitRequest& request) { asked = request; },
                              &database_holds_shipped_migrations,
                              scratch_.path() / "serviceaccount");
    EXPECT_EQ(run(command,
                  {"--selector", "app=shop", "-n", "shop", "--timeout", "90s", "--context", "prod"},
                  context),
              0);
    ASSERT_TRUE(asked.has_value());
    EXPECT_EQ(asked->arguments.selector, "app=shop");
    EXPECT_EQ(asked->arguments.namespace_name, "shop");
    EXPECT_EQ(asked->arguments.context, "prod");
    EXPECT_EQ(asked->timeout, std::chrono::milliseconds(90'000));
    EXPECT_EQ(asked->service_account_dir, scratch_.path() / "serviceaccount");
    EXPECT_TRUE(static_cast<bool>(asked->schema_check));
}

TEST_F(WaitForJobCommandTest, ATimeoutOfZeroAsksTheWaiterToWaitForEver) {
    SqliteContext context(config(false), logger_, cancellation_);
    std::optional<WaitRequest> asked;
    WaitForJobCommand command([&asked](Context&, const WaitRequest& request) { asked = request; });
    EXPECT_EQ(run(command, {"migrate", "--timeout", "0"}, context), 0);
    ASSERT_TRUE(asked.has_value());
    EXPECT_EQ(asked->arguments.job_name, "migrate");
    EXPECT_FALSE(asked->timeout.has_value());
    EXPECT_FALSE(static_cast<bool>(asked->schema_check));
}

}  // namespace
}  // namespace deckhand::kubernetes
