// Seeding against real databases: only after the schema is current (or with --migrate), each
// script once and again only when it changed, one transaction per script, placeholders, the
// production guard, and dry runs that change nothing.
#include <gtest/gtest.h>

#include "commands/seed_command.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/seed/seed_set.hpp"
#include "plugin_fixture.hpp"

namespace deckhand::test {
namespace {

class Seed : public PluginTest {
  protected:
    void SetUp() override {
        PluginTest::SetUp();
        std::filesystem::create_directories(root() / "empty");
        write("migrations/V1__create_authors.sql",
              "CREATE TABLE authors (name TEXT PRIMARY KEY, email TEXT NOT NULL);\n");
    }

    int seed(const std::vector<std::string>& args = {}) {
        auto command = seed::make_seed_command();
        return run(*command, args);
    }
    // The message of the error of the given kind that seeding throws, or "".
    template <typename Kind>
    std::string seed_error(const std::vector<std::string>& args = {}) {
        try {
            seed(args);
        } catch (const Kind& error) {
            return error.what();
        }
        return "";
    }
    void migrate() { ASSERT_EQ(seed({"--migrate", "--dir", (root() / "empty").string()}), 0); }
    std::string history_checksum(const std::string& script) {
        return scalar("SELECT checksum FROM deckhand_seed_history WHERE script = '" + script + "'");
    }
};

DECKHAND_ON_SQLITE_AND_POSTGRES(Seed);

TEST_P(Seed, RefusesWhileMigrationsArePendingAndSaysWhatToRun) {
    write("migrations/seed/01_authors.sql",
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@example.com');\n");
    const std::string message = seed_error<WorkFailed>();
    EXPECT_NE(message.find("the schema is not current"), std::string::npos) << message;
    EXPECT_NE(message.find("V1__create_authors.sql (pending)"), std::string::npos) << message;
    EXPECT_NE(message.find("run `deckhand migrate` first, or `deckhand seed --migrate`"),
              std::string::npos)
        << message;
    EXPECT_FALSE(table_exists("deckhand_seed_history"));
}

TEST_P(Seed, WithMigrateItAppliesPendingMigrationsFirst) {
    write("migrations/seed/01_authors.sql",
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@example.com');\n");
    EXPECT_EQ(seed({"--migrate"}), 0);
    EXPECT_EQ(scalar("SELECT email FROM authors"), "ada@example.com");
    EXPECT_EQ(scalar("SELECT count(*) FROM deckhand_schema_history"), "1");
}

TEST_P(Seed, ASecondRunAppliesNothing) {
    migrate();
    write("migrations/seed/01_authors.sql",
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@example.com');\n");
    write("migrations/seed/02_more.sql",
          "INSERT INTO authors (name, email) VALUES ('grace', 'grace@example.com');\n");
    EXPECT_EQ(seed(), 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "2");
    EXPECT_EQ(scalar("SELECT count(*) FROM deckhand_seed_history"), "2");
    const std::string applied_on =
        scalar("SELECT applied_on FROM deckhand_seed_history WHERE script = '01_authors.sql'");
    EXPECT_FALSE(applied_on.empty());
    EXPECT_EQ(history_checksum("01_authors.sql").size(), 64u);

    // The inserts would fail on the primary key were they run again.
    context().clear_output();
    EXPECT_EQ(seed(), 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "2");
    EXPECT_NE(context().logs().find("nothing to seed; 2 seed scripts are applied and unchanged"),
              std::string::npos)
        << context().logs();
    EXPECT_EQ(scalar("SELECT applied_on FROM deckhand_seed_history WHERE script = "
                     "'01_authors.sql'"),
              applied_on);
}

TEST_P(Seed, AChangedScriptIsAppliedAgainAndANewOneOnce) {
    migrate();
    write("migrations/seed/01_authors.sql",
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@example.com');\n");
    ASSERT_EQ(seed(), 0);
    const std::string before = history_checksum("01_authors.sql");

    write("migrations/seed/01_authors.sql",
          "DELETE FROM authors;\n"
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@lovelace.example');\n");
    write("migrations/seed/02_grace.sql",
          "INSERT INTO authors (name, email) VALUES ('grace', 'grace@example.com');\n");
    context().clear_output();
    ASSERT_EQ(seed(), 0);
    EXPECT_EQ(scalar("SELECT email FROM authors WHERE name = 'ada'"), "ada@lovelace.example");
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "2");
    EXPECT_NE(history_checksum("01_authors.sql"), before);
    EXPECT_EQ(scalar("SELECT count(*) FROM deckhand_seed_history"), "2");
    EXPECT_NE(context().logs().find("seeded 2 scripts"), std::string::npos) << context().logs();
}

TEST_P(Seed, AFailingScriptIsRolledBackAndNamesFileAndLine) {
    migrate();
    write("migrations/seed/01_ok.sql",
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@example.com');\n");
    write("migrations/seed/02_bad.sql",
          "INSERT INTO authors (name, email) VALUES ('grace', 'grace@example.com');\n"
          "\n"
          "INSERT INTO authors (name) VALUES ('no email');\n");
    write("migrations/seed/03_later.sql",
          "INSERT INTO authors (name, email) VALUES ('later', 'l@example.com');\n");
    const std::string message = seed_error<WorkFailed>();
    EXPECT_NE(message.find("/migrations/seed/02_bad.sql:3: "), std::string::npos) << message;
    EXPECT_NE(message.find("this seed script was rolled back; the script before it stays applied"),
              std::string::npos)
        << message;
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "1");  // ada only
    EXPECT_EQ(scalar("SELECT count(*) FROM deckhand_seed_history"), "1");
    EXPECT_EQ(scalar("SELECT script FROM deckhand_seed_history"), "01_ok.sql");
}

TEST_P(Seed, LoadsPgDumpDataOnPostgresAndRefusesItOnSqlite) {
    migrate();
    write("migrations/seed/01_authors.sql",
          "COPY authors (name, email) FROM stdin;\n"
          "ada\tada@example.com\n"
          "it's grace\tgrace@example.com\n"
          "\\.\n"
          "COPY authors FROM stdin;\n"
          "x\n"
          "\\.\n");
    if (!on_postgres()) {
        EXPECT_NE(seed_error<ConfigError>().find(
                      "/migrations/seed/01_authors.sql:1: COPY ... FROM STDIN is PostgreSQL's"),
                  std::string::npos);
        return;
    }
    const std::string message = seed_error<WorkFailed>();
    EXPECT_NE(message.find("/migrations/seed/01_authors.sql:6: missing data for column "
                           "\"email\""),
              std::string::npos)
        << message;
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "0");
    write("migrations/seed/01_authors.sql",
          "COPY authors (name, email) FROM stdin;\n"
          "ada\tada@example.com\n"
          "it's grace\tgrace@example.com\n"
          "\\.\n");
    EXPECT_EQ(seed(), 0);
    EXPECT_EQ(scalar("SELECT string_agg(name, ',' ORDER BY name) FROM authors"), "ada,it's grace");
}

TEST_P(Seed, RefusesPsqlMetaCommandsBeforeAnythingRuns) {
    migrate();
    write("migrations/seed/01_authors.sql",
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@example.com');\n"
          "\\i more_authors.sql\n");
    EXPECT_NE(seed_error<ConfigError>().find("/migrations/seed/01_authors.sql:2: \\i is a psql "
                                             "meta-command"),
              std::string::npos);
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "0");
}

TEST_P(Seed, RefusesTransactionControlBeforeAnythingRuns) {
    migrate();
    write("migrations/seed/01_authors.sql",
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@example.com');\n");
    write("migrations/seed/02_more.sql",
          "INSERT INTO authors (name, email) VALUES ('grace', 'grace@example.com');\n"
          "COMMIT;\n"
          "INSERT INTO authors (name) VALUES ('no email');\n");
    EXPECT_NE(seed_error<ConfigError>().find("/migrations/seed/02_more.sql:2: 'COMMIT' controls "
                                             "transactions"),
              std::string::npos);
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "0");
}

TEST_P(Seed, KeepsForeignKeysEnforcedSoThatDeletesCascade) {
    // Seeds fill data, and their DELETEs count on ON DELETE CASCADE; only migrations (which
    // rebuild tables) run with foreign keys unenforced.
    write("migrations/V2__posts.sql",
          "CREATE TABLE posts (id INTEGER PRIMARY KEY, author TEXT REFERENCES authors (name) "
          "ON DELETE CASCADE);\n");
    migrate();
    write("migrations/seed/01_authors.sql",
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@example.com');\n"
          "INSERT INTO posts VALUES (1, 'ada');\n"
          "DELETE FROM authors;\n");
    EXPECT_EQ(seed(), 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM posts"), "0");
}

TEST_P(Seed, ADryRunListsWhatWouldRunAndChangesNothing) {
    migrate();
    write("migrations/seed/01_authors.sql",
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@example.com');\n");
    EXPECT_EQ(seed({"--dry-run"}), 0);
    EXPECT_EQ(context().output(),
              "-- dry run: 1 seed script would run (0 unchanged); nothing was changed\n" +
                  (migrations_dir() / "seed" / "01_authors.sql").string() + " (new)\n");
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "0");
    EXPECT_FALSE(table_exists("deckhand_seed_history"));

    ASSERT_EQ(seed(), 0);
    write("migrations/seed/01_authors.sql", "DELETE FROM authors;\n");
    context().clear_output();
    EXPECT_EQ(seed({"--dry-run"}), 0);
    EXPECT_NE(context().output().find("01_authors.sql (changed)"), std::string::npos)
        << context().output();
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "1");
}

TEST_P(Seed, ADryRunWithMigrateChangesNeitherSchemaNorData) {
    write("migrations/seed/01_authors.sql",
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@example.com');\n");
    EXPECT_EQ(seed({"--dry-run", "--migrate"}), 0);
    EXPECT_FALSE(table_exists("authors"));
    EXPECT_NE(context().output().find("01_authors.sql (new)"), std::string::npos)
        << context().output();
}

TEST_P(Seed, PlaceholdersAreSubstitutedAndAMissingOneStopsEverything) {
    migrate();
    write("migrations/seed/01_authors.sql",
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@${domain}');\n");
    write("migrations/seed/02_file.sql",
          "INSERT INTO authors (name, email) VALUES ('${deckhand:filename}', 'x');\n");
    const std::string message = seed_error<ConfigError>();
    EXPECT_NE(message.find("01_authors.sql:1: placeholder ${domain} has no value"),
              std::string::npos)
        << message;
    EXPECT_FALSE(table_exists("deckhand_seed_history"));

    context().settings().placeholders["domain"] = "env.example";
    EXPECT_EQ(seed({"--set", "domain=flag.example"}), 0);
    EXPECT_EQ(scalar("SELECT email FROM authors WHERE name = 'ada'"), "ada@flag.example");
    EXPECT_EQ(scalar("SELECT count(*) FROM authors WHERE name = '02_file.sql'"), "1");
}

TEST_P(Seed, ProductionIsRefusedUnlessAllowed) {
    migrate();
    write("migrations/seed/01_authors.sql",
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@example.com');\n");
    context().settings().environment = "production";
    const int opened = context().databases_opened();
    const std::string message = seed_error<ConfigError>();
    EXPECT_NE(message.find("refusing to seed: the environment is 'production'"), std::string::npos)
        << message;
    EXPECT_NE(message.find("--allow-production"), std::string::npos);
    EXPECT_EQ(context().databases_opened(), opened);
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "0");

    EXPECT_EQ(seed({"--allow-production"}), 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "1");
}

TEST_P(Seed, DialectScriptsMergeByFileNameAndOthersAreIgnored) {
    migrate();
    write("migrations/seed/01_first.sql",
          "INSERT INTO authors (name, email) VALUES ('first', 'a');\n");
    write("migrations/seed/" + dialect() + "/02_mine.sql",
          "INSERT INTO authors (name, email) VALUES ('mine', (SELECT email FROM authors WHERE "
          "name = 'first'));\n");
    write(
        std::string("migrations/seed/") + (on_postgres() ? "sqlite" : "postgres") + "/03_other.sql",
        "this is not even SQL;\n");
    write("migrations/seed/04_last.sql",
          "INSERT INTO authors (name, email) VALUES ('last', (SELECT email FROM authors WHERE "
          "name = 'mine'));\n");
    EXPECT_EQ(seed(), 0);
    EXPECT_EQ(scalar("SELECT email FROM authors WHERE name = 'last'"), "a");
    EXPECT_EQ(scalar("SELECT count(*) FROM deckhand_seed_history WHERE script = '" + dialect() +
                     "/02_mine.sql'"),
              "1");
}

TEST_P(Seed, AnotherFolderCanBeGiven) {
    migrate();
    write("fixtures/01.sql", "INSERT INTO authors (name, email) VALUES ('f', 'f');\n");
    EXPECT_EQ(seed({"--dir", (root() / "fixtures").string()}), 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM authors"), "1");
    EXPECT_NE(
        seed_error<ConfigError>({"--dir", (root() / "nope").string()}).find("is not a folder"),
        std::string::npos);
}

TEST_P(Seed, AConfiguredHistoryTableIsBothThePreconditionAndWhereTheSeedHistoryGoes) {
    context().settings().history_table = "blog_history";
    context().settings().history_table_origin = "--history-table";
    write("migrations/seed/01_authors.sql",
          "INSERT INTO authors (name, email) VALUES ('ada', 'ada@example.com');\n");
    // Nothing is applied in blog_history yet: the precondition reads that table.
    EXPECT_NE(seed_error<WorkFailed>().find("V1__create_authors.sql (pending)"), std::string::npos);
    EXPECT_EQ(seed({"--migrate"}), 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_history"), "1");
    EXPECT_EQ(scalar("SELECT script FROM blog_history_seed"), "01_authors.sql");
    EXPECT_FALSE(table_exists("deckhand_schema_history"));
    EXPECT_FALSE(table_exists("deckhand_seed_history"));

    // Another app in the same database, with the default table, has its own everything.
    context().settings().history_table = "deckhand_schema_history";
    EXPECT_NE(seed_error<WorkFailed>().find("the schema is not current"), std::string::npos);
}

TEST_P(Seed, NoSeedFolderMeansNothingToDoWithoutConnecting) {
    EXPECT_EQ(seed(), 0);
    EXPECT_EQ(context().databases_opened(), 0);
    EXPECT_NE(context().logs().find("nothing to seed"), std::string::npos) << context().logs();
}

TEST(SeedFolder, BadScriptsAreRefusedNamingTheFile) {
    TempDir dir;
    dir.write("seed/01.sql", "-- only a comment\n");
    try {
        seed::load_seed_scripts(dir / "seed", "sqlite");
        ADD_FAILURE() << "an empty script should be refused";
    } catch (const ConfigError& error) {
        EXPECT_NE(std::string(error.what()).find("seed/01.sql holds no SQL statement"),
                  std::string::npos)
            << error.what();
    }
    dir.write("seed/01.sql", "-- deckhand:no-transaction\nSELECT 1;\n");
    EXPECT_THROW(seed::load_seed_scripts(dir / "seed", "sqlite"), ConfigError);
    dir.write("seed/01.sql", "SELECT 1;\n");
    dir.write("seed/sqlite/01.sql", "SELECT 2;\n");
    try {
        seed::load_seed_scripts(dir / "seed", "sqlite");
        ADD_FAILURE() << "two scripts of one name should be refused";
    } catch (const ConfigError& error) {
        EXPECT_NE(std::string(error.what()).find("have the same file name"), std::string::npos);
    }
    EXPECT_EQ(seed::load_seed_scripts(dir / "seed", "postgres").scripts.size(), 1u);
    EXPECT_FALSE(seed::load_seed_scripts(dir / "none", "sqlite").exists);
}

// PostgreSQL: a seed script's SET ROLE or SET search_path stays inside that script; before, the
// seed history row was written as the script's role or looked for in the script's schema.
using SeedSession = Seed;
INSTANTIATE_TEST_SUITE_P(Postgres, SeedSession, ::testing::Values(Dialect::postgres),
                         dialect_test_name);

TEST_P(SeedSession, AScriptsRoleAndSearchPathEndWithIt) {
    migrate();
    exec("CREATE SCHEMA elsewhere; CREATE TABLE elsewhere.authors (name TEXT, email TEXT);");
    const std::string role = "seed_owner_" + scalar("SELECT current_database()").substr(0, 40);
    exec("CREATE ROLE " + role + " NOLOGIN; GRANT USAGE ON SCHEMA public TO " + role +
         "; GRANT INSERT ON authors TO " + role);
    write("migrations/seed/01_as_owner.sql",
          "SET ROLE " + role + ";\nINSERT INTO authors (name, email) VALUES ('ada', 'a@x');\n");
    write(
        "migrations/seed/02_elsewhere.sql",
        "SET search_path TO elsewhere;\nINSERT INTO authors (name, email) VALUES ('b', 'b@x');\n");
    write("migrations/seed/03_here.sql",
          "INSERT INTO authors (name, email) VALUES ('grace', 'g@x');\n");
    EXPECT_EQ(seed(), 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM public.authors"), "2");
    EXPECT_EQ(scalar("SELECT count(*) FROM elsewhere.authors"), "1");
    EXPECT_EQ(scalar("SELECT count(*) FROM public.deckhand_seed_history"), "3");
}

}  // namespace
}  // namespace deckhand::test
