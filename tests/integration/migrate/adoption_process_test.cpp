// A team switching from dbmate, as it would: the real dbmate (from the npm registry, installed
// into the build tree by the install_dbmate test that this suite requires) migrates a database;
// then the deckhand executable refuses to migrate it, naming dbmate's table and the command that
// takes it over; `baseline --from dbmate` takes it over; and migrate applies only what dbmate
// never applied. On SQLite and on the suite's PostgreSQL server.
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>

#include "migrate_fixture.hpp"
#include "support/postgres_server.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;

class DbmateAdoptionTest : public MigrateTest {
  protected:
    // A database of its own, as dbmate's URL names it and as deckhand's URL names it: dbmate
    // keeps schema_migrations in the search_path's first schema, here public.
    void SetUp() override {
        MigrateTest::SetUp();
        if (on_postgres()) {
            static int counter = 0;
            const auto& server = shared_postgres();
            deckhand_url_ = server.create_database("dbmate_adoption_" + std::to_string(++counter));
            dbmate_url_ = deckhand_url_ + "?sslmode=disable";
        } else {
            const auto file = migrations_dir().parent_path() / "adopted.db";
            deckhand_url_ = "sqlite:" + file.string();
            dbmate_url_ = "sqlite:" + file.string();
        }
    }

    ProcessResult dbmate(std::vector<std::string> command) const {
        std::vector<std::string> argv{DECKHAND_DBMATE,
                                      "--url",
                                      dbmate_url_,
                                      "--migrations-dir",
                                      (migrations_dir().parent_path() / "dbmate").string(),
                                      "--no-dump-schema"};
        argv.insert(argv.end(), command.begin(), command.end());
        ProcessOptions options;
        options.timeout = std::chrono::seconds(60);
        return run_process(argv, options);
    }
    ProcessResult on_adopted(std::vector<std::string> command) const {
        return run_process(args(deckhand_url_, std::move(command)));
    }
    std::string adopted_value(const std::string& sql) const {
        return value(*open_url(deckhand_url_), sql);
    }

    std::string deckhand_url_;
    std::string dbmate_url_;
};

DECKHAND_ON_BOTH_DIALECTS(DbmateAdoptionTest);

TEST_P(DbmateAdoptionTest, DbmatesDatabaseIsRefusedThenTakenOverThenMigratedOn) {
    // dbmate's folder, and what dbmate makes of it.
    write(
        "../dbmate/20240101000000_create_users.sql",
        "-- migrate:up\nCREATE TABLE users (id integer);\n\n-- migrate:down\nDROP TABLE users;\n");
    write(
        "../dbmate/20240102000000_create_posts.sql",
        "-- migrate:up\nCREATE TABLE posts (id integer);\n\n-- migrate:down\nDROP TABLE posts;\n");
    auto applied = dbmate({"up"});
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    ASSERT_EQ(adopted_value("SELECT count(*) FROM schema_migrations"), "2");

    // The same migrations in deckhand's folder, and one dbmate never applied.
    write("V20240101000000__create_users.sql", "CREATE TABLE users (id integer);\n");
    write("V20240102000000__create_posts.sql", "CREATE TABLE posts (id integer);\n");
    write("V20240103000000__create_tags.sql", "CREATE TABLE tags (id integer);\n");

    auto refused = on_adopted({"migrate"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_THAT(refused.err, HasSubstr("this database is managed by dbmate ("));
    EXPECT_THAT(refused.err, HasSubstr("schema_migrations holds 2 applied versions) and deckhand "
                                       "has no history of it yet: run `deckhand baseline --from "
                                       "dbmate` once"));

    auto taken = on_adopted({"baseline", "--from", "dbmate"});
    ASSERT_EQ(taken.exit_code, 0) << taken.err;
    EXPECT_THAT(taken.err, HasSubstr("took over the history of dbmate"));

    auto status = on_adopted({"status", "--output", "json"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    auto json = nlohmann::json::parse(status.out);
    std::vector<std::string> states;
    for (const auto& migration : json.at("migrations")) {
        states.push_back(migration.at("state").get<std::string>());
    }
    EXPECT_EQ(states, (std::vector<std::string>{"applied", "applied", "pending"}));

    auto migrated = on_adopted({"migrate"});
    ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
    EXPECT_THAT(migrated.err, HasSubstr("applied 1 migration"));
    EXPECT_EQ(adopted_value("SELECT count(*) FROM tags"), "0");
    // dbmate's table is left as it was.
    EXPECT_EQ(adopted_value("SELECT count(*) FROM schema_migrations"), "2");
}

TEST_P(DbmateAdoptionTest, ADatabaseDbmateRolledAllTheWayBackIsNotManaged) {
    write(
        "../dbmate/20240101000000_create_users.sql",
        "-- migrate:up\nCREATE TABLE users (id integer);\n\n-- migrate:down\nDROP TABLE users;\n");
    ASSERT_EQ(dbmate({"up"}).exit_code, 0);
    auto rolled_back = dbmate({"rollback"});
    ASSERT_EQ(rolled_back.exit_code, 0) << rolled_back.out << rolled_back.err;
    ASSERT_EQ(adopted_value("SELECT count(*) FROM schema_migrations"), "0");
    write("V1__a.sql", "CREATE TABLE a (id integer);\n");
    auto migrated = on_adopted({"migrate"});
    EXPECT_EQ(migrated.exit_code, 0) << migrated.err;
}

}  // namespace
}  // namespace deckhand::test
