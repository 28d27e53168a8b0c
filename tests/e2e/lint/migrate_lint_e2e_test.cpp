// `migrate --lint` and lint's default selection against a database, through the installed
// deckhand: on SQLite and on a real PostgreSQL server the test starts. migrate runs lint's own
// command (the migrate plugin links no lint code) on the scripts it is about to apply and applies
// nothing on an unwaived error; lint with a database URL lints the scripts still pending there.
#include <nlohmann/json.hpp>

#include "e2e_fixture.hpp"
#include "support/postgres_server.hpp"

using deckhand::test::InstalledDeckhand;
using deckhand::test::PostgresServer;
using deckhand::test::shown;
using testing::HasSubstr;
using testing::Not;

namespace {

class MigrateLint : public InstalledDeckhand {
  protected:
    void sqlite_users() const {
        work().write("migrations/sqlite/V1__users.sql",
                     "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT);\n");
    }
    void sqlite_drop() const {
        work().write("migrations/sqlite/V2__drop.sql", "ALTER TABLE users DROP COLUMN name;\n");
    }
    // The state `status --output json` gives the script.
    std::string state_of(const std::vector<std::string>& globals, const std::string& script) const {
        auto args = globals;
        args.insert(args.end(), {"status", "--output", "json"});
        const auto result = deckhand(args);
        const auto report = nlohmann::json::parse(result.out);
        for (const auto& entry : report["migrations"]) {
            if (entry["script"] == script) {
                return entry["state"];
            }
        }
        return "absent";
    }
};

const std::vector<std::string> sqlite_url{"--database-url", "sqlite:app.db"};

std::vector<std::string> with(std::vector<std::string> first,
                              const std::vector<std::string>& then) {
    first.insert(first.end(), then.begin(), then.end());
    return first;
}

TEST_F(MigrateLint, AnUnwaivedErrorAppliesNothingAndNamesTheFinding) {
    sqlite_users();
    auto first = deckhand(with(sqlite_url, {"migrate", "--lint"}));
    ASSERT_EQ(first.exit_code, 0) << shown(first);  // the table is new: free to change
    sqlite_drop();
    work().write("migrations/sqlite/V3__later.sql", "CREATE TABLE audit (id INTEGER);\n");
    auto refused = deckhand(with(sqlite_url, {"migrate", "--lint"}));
    EXPECT_EQ(refused.exit_code, 1) << shown(refused);
    EXPECT_THAT(refused.err, HasSubstr("migrate --lint: 1 finding in the scripts to apply ("
                                       "migrations/sqlite/V2__drop.sql:1:1 drop-column); nothing "
                                       "was applied"));
    EXPECT_THAT(refused.err, HasSubstr("fix: "));
    EXPECT_EQ(state_of(sqlite_url, "sqlite/V2__drop.sql"), "pending");
    EXPECT_EQ(state_of(sqlite_url, "sqlite/V3__later.sql"), "pending");

    work().write("migrations/sqlite/V2__drop.sql",
                 "-- deckhand:allow drop-column release 2 no longer reads name\n"
                 "ALTER TABLE users DROP COLUMN name;\n");
    auto waived = deckhand(with(sqlite_url, {"migrate", "--lint"}));
    EXPECT_EQ(waived.exit_code, 0) << shown(waived);
    EXPECT_EQ(state_of(sqlite_url, "sqlite/V3__later.sql"), "applied");
}

TEST_F(MigrateLint, WithoutTheFlagNothingIsLinted) {
    sqlite_users();
    sqlite_drop();
    ASSERT_EQ(deckhand(with(sqlite_url, {"migrate", "--target", "1"})).exit_code, 0);
    auto result = deckhand(with(sqlite_url, {"migrate"}));
    EXPECT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.err, Not(HasSubstr("drop-column")));
}

TEST_F(MigrateLint, DeckhandOptsMakesItTheDefault) {
    sqlite_users();
    ASSERT_EQ(deckhand(with(sqlite_url, {"migrate"})).exit_code, 0);
    sqlite_drop();
    work().write("deckhand.opts", "--lint\n");
    auto result = deckhand(with(sqlite_url, {"migrate"}));
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("drop-column"));
}

TEST_F(MigrateLint, TheJsonReportCarriesTheFindings) {
    sqlite_users();
    ASSERT_EQ(deckhand(with(sqlite_url, {"migrate"})).exit_code, 0);
    sqlite_drop();
    auto result = deckhand(with(sqlite_url, {"migrate", "--lint", "--output", "json"}));
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    const auto report = nlohmann::json::parse(result.out);
    EXPECT_EQ(report["ok"], false);
    EXPECT_TRUE(report["applied"].empty()) << result.out;
    ASSERT_EQ(report["lint"]["findings"].size(), 1u) << result.out;
    EXPECT_EQ(report["lint"]["findings"][0]["rule"], "drop-column");
    EXPECT_EQ(report["lint"]["findings"][0]["level"], "error");
    EXPECT_THAT(report["error"]["message"].get<std::string>(), HasSubstr("migrate --lint"));
}

TEST_F(MigrateLint, ADryRunLintsToo) {
    sqlite_users();
    ASSERT_EQ(deckhand(with(sqlite_url, {"migrate"})).exit_code, 0);
    sqlite_drop();
    auto result = deckhand(with(sqlite_url, {"migrate", "--lint", "--dry-run"}));
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("drop-column"));
    EXPECT_EQ(state_of(sqlite_url, "sqlite/V2__drop.sql"), "pending");
}

TEST_F(MigrateLint, LintWithADatabaseUrlLintsWhatIsPendingThere) {
    sqlite_users();
    sqlite_drop();
    work().write("migrations/sqlite/V3__index.sql", "CREATE INDEX users_email ON users (email);\n");
    ASSERT_EQ(deckhand(with(sqlite_url, {"migrate", "--target", "1"})).exit_code, 0);
    // Pending: V2 and V3. Without a URL only the newest script (V3, clean) is new.
    auto pending = deckhand(with(sqlite_url, {"lint"}));
    EXPECT_EQ(pending.exit_code, 1) << shown(pending);
    EXPECT_THAT(pending.out, HasSubstr("V2__drop.sql:1:1 drop-column"));
    EXPECT_THAT(pending.out, HasSubstr("1 finding in 2 scripts"));
    auto newest = deckhand({"lint"});
    EXPECT_EQ(newest.exit_code, 0) << shown(newest);
    EXPECT_THAT(newest.out, HasSubstr("0 findings in 1 script"));

    ASSERT_EQ(deckhand(with(sqlite_url, {"migrate"})).exit_code, 0);
    auto none = deckhand(with(sqlite_url, {"lint"}));
    EXPECT_EQ(none.exit_code, 0) << shown(none);
    EXPECT_THAT(none.out, HasSubstr("0 findings in 0 scripts"));
    // --since and named files still win over the database.
    EXPECT_EQ(deckhand(with(sqlite_url, {"lint", "--since", "1"})).exit_code, 1);
    EXPECT_EQ(deckhand(with(sqlite_url, {"lint", "migrations/sqlite/V2__drop.sql"})).exit_code, 1);
}

TEST_F(MigrateLint, AnUnreachableDatabaseIsSaidSo) {
    sqlite_users();
    auto result = deckhand({"--database-url", "postgres://nobody@127.0.0.1:1/none", "lint"});
    EXPECT_EQ(result.exit_code, 1) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("127.0.0.1"));
}

class MigrateLintPostgres : public MigrateLint {
  protected:
    MigrateLintPostgres() : url_{"--database-url", server_.create_database("migrate_lint")} {}

    PostgresServer server_;
    std::vector<std::string> url_;
};

TEST_F(MigrateLintPostgres, LocksAndUnwaivedHygieneAreRefusedAndTheServersVersionCounts) {
    work().write("migrations/postgres/V1__users.sql",
                 "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n");
    ASSERT_EQ(deckhand(with(url_, {"migrate", "--lint"})).exit_code, 0);

    // A constant default is safe from PostgreSQL 11: the server (15) decides, not lint's default.
    work().write("migrations/postgres/V2__flag.sql",
                 "ALTER TABLE users ADD COLUMN active boolean DEFAULT true NOT NULL;\n"
                 "ALTER TABLE users ADD COLUMN nickname varchar(40);\n");
    auto warned = deckhand(with(url_, {"--log-format", "json", "migrate", "--lint"}));
    EXPECT_EQ(warned.exit_code, 1) << shown(warned);
    EXPECT_THAT(warned.err, HasSubstr("\"rule\":\"prefer-text\""));
    EXPECT_THAT(warned.err, HasSubstr("\"severity\":\"warning\""));
    EXPECT_THAT(warned.err, Not(HasSubstr("add-column-rewrites-table")));
    EXPECT_EQ(state_of(url_, "postgres/V2__flag.sql"), "pending");
    // Waived with its reason, the hygiene finding no longer stops the run.
    work().write("migrations/postgres/V2__flag.sql",
                 "ALTER TABLE users ADD COLUMN active boolean DEFAULT true NOT NULL;\n"
                 "-- deckhand:allow prefer-text nicknames are capped at 40 by the product\n"
                 "ALTER TABLE users ADD COLUMN nickname varchar(40);\n");
    auto waived = deckhand(with(url_, {"migrate", "--lint"}));
    EXPECT_EQ(waived.exit_code, 0) << shown(waived);
    EXPECT_EQ(state_of(url_, "postgres/V2__flag.sql"), "applied");

    work().write("migrations/postgres/V3__index.sql",
                 "CREATE INDEX users_email_idx ON users (email);\n");
    auto pending = deckhand(with(url_, {"lint"}));
    EXPECT_EQ(pending.exit_code, 1) << shown(pending);
    EXPECT_THAT(pending.out, HasSubstr("V3__index.sql:1:1 index-without-concurrently"));
    EXPECT_THAT(pending.out, HasSubstr("1 finding in 1 script"));
    auto refused = deckhand(with(url_, {"migrate", "--lint"}));
    EXPECT_EQ(refused.exit_code, 1) << shown(refused);
    EXPECT_THAT(refused.err, HasSubstr("index-without-concurrently"));
    EXPECT_EQ(state_of(url_, "postgres/V3__index.sql"), "pending");
    EXPECT_EQ(server_.psql("SELECT count(*) FROM pg_indexes WHERE indexname = 'users_email_idx'",
                           "migrate_lint"),
              "0");
}

}  // namespace

namespace {

TEST_F(MigrateLint, TheSampleApplicationMigratesWithLintOnBothPhases) {
    const std::vector<std::string> sample{"--database-url", "sqlite:app.db", "--migrations",
                                          DECKHAND_SAMPLE_MIGRATIONS};
    auto result =
        deckhand(with(sample, {"--log-format", "json", "migrate", "--lint", "--phase", "all"}));
    EXPECT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.err, HasSubstr("migration_applied"));
    EXPECT_THAT(result.err, Not(HasSubstr("lint_finding")));
}

}  // namespace
