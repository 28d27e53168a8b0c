// Running tasks against real databases: every parameter type bound (never pasted), values
// stored verbatim, :name left alone where it is data, one transaction, dry runs that change
// nothing, and results as a table or JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "commands/task_command.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/script/checksum.hpp"
#include "plugin_fixture.hpp"

namespace deckhand::test {
namespace {

class TaskRun : public PluginTest {
  protected:
    // A command from a task file written into the commands folder.
    std::unique_ptr<Command> task(const std::string& file, const std::string& text) {
        const auto path = write("commands/" + file, text);
        auto definition =
            tasks::parse_task(script::normalize_script_text(text), path, "commands/" + file);
        EXPECT_TRUE(definition.has_value());
        return tasks::make_task_command(std::move(*definition));
    }

    // The message of the usage error that parsing `args` into `command` throws, or "".
    static std::string usage_error(Command& command, const std::vector<std::string>& args) {
        try {
            parse(command, args);
        } catch (const UsageError& error) {
            return error.what();
        }
        return "";
    }

    void insert_posts() {
        create_blog_posts();
        exec(
            "INSERT INTO blog_posts (title, published_at) VALUES ('old one', '2023-01-10 "
            "10:00:00'), ('old two', '2023-06-01 08:00:00'), ('new', '2025-03-01 12:00:00')");
    }

    static constexpr const char* archive_task =
        "-- deckhand:command archive-posts\n"
        "-- deckhand:param before date required \"Cut-off day\"\n"
        "UPDATE blog_posts SET archived = true WHERE published_at < :before AND NOT archived;\n";
};

DECKHAND_ON_SQLITE_AND_POSTGRES(TaskRun);

TEST_P(TaskRun, EveryParameterTypeIsBoundAndStored) {
    create_blog_posts();
    exec(on_postgres() ? "CREATE TABLE task_values (s text, i bigint, b boolean, d date, "
                         "ts timestamptz, u uuid, e text)"
                       : "CREATE TABLE task_values (s TEXT, i INTEGER, b BOOLEAN, d TEXT, "
                         "ts TEXT, u TEXT, e TEXT)");
    auto command = task("values.sql",
                        "-- deckhand:command store-values\n"
                        "-- deckhand:param s string required\n"
                        "-- deckhand:param i int required\n"
                        "-- deckhand:param b bool\n"
                        "-- deckhand:param d date required\n"
                        "-- deckhand:param ts timestamp required\n"
                        "-- deckhand:param u uuid required\n"
                        "-- deckhand:param e enum(draft|published) required\n"
                        "INSERT INTO task_values (s, i, b, d, ts, u, e)\n"
                        "VALUES (:s, :i, :b, :d, :ts, :u, :e);\n");
    const std::string hostile = "x'); DROP TABLE blog_posts; --";
    EXPECT_EQ(run(*command, {"--s", hostile, "--i", "-42", "--b", "--d", "2024-02-29", "--ts",
                             "2025-01-31T14:30:00Z", "--u", "123E4567-E89B-12D3-A456-426614174000",
                             "--e", "published"}),
              0);

    EXPECT_EQ(scalar("SELECT s FROM task_values"), hostile);
    EXPECT_EQ(scalar("SELECT i * 2 FROM task_values"), "-84");
    EXPECT_EQ(scalar("SELECT CASE WHEN b THEN 'yes' ELSE 'no' END FROM task_values"), "yes");
    EXPECT_EQ(scalar(on_postgres() ? "SELECT d + 1 FROM task_values"
                                   : "SELECT date(d, '+1 day') FROM task_values"),
              "2024-03-01");
    EXPECT_EQ(scalar(on_postgres() ? "SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD "
                                     "HH24:MI:SS') FROM task_values"
                                   : "SELECT datetime(ts) FROM task_values"),
              "2025-01-31 14:30:00");
    EXPECT_EQ(scalar("SELECT u FROM task_values"), "123e4567-e89b-12d3-a456-426614174000");
    EXPECT_EQ(scalar("SELECT e FROM task_values"), "published");
    EXPECT_TRUE(table_exists("blog_posts"));
    EXPECT_NE(context().output().find("store-values: 1 row affected; committed"), std::string::npos)
        << context().output();
}

TEST_P(TaskRun, AHostileValueIsStoredVerbatimAsData) {
    create_blog_posts();
    auto command = task("post.sql",
                        "-- deckhand:command add-post\n"
                        "-- deckhand:param title string required\n"
                        "INSERT INTO blog_posts (title) VALUES (:title);\n");
    const std::string hostile = "x'); DROP TABLE blog_posts; --";
    EXPECT_EQ(run(*command, {"--title", hostile}), 0);
    EXPECT_TRUE(table_exists("blog_posts"));
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts"), "1");
    EXPECT_EQ(scalar("SELECT title FROM blog_posts"), hostile);
}

TEST_P(TaskRun, EachTypeRejectsABadValueNamingTheParameterBeforeConnecting) {
    auto command = task("typed.sql",
                        "-- deckhand:command typed\n"
                        "-- deckhand:param n int\n"
                        "-- deckhand:param flag bool\n"
                        "-- deckhand:param day date\n"
                        "-- deckhand:param at timestamp\n"
                        "-- deckhand:param id uuid\n"
                        "-- deckhand:param kind enum(a|b)\n"
                        "SELECT :n, :flag, :day, :at, :id, :kind;\n");
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"--n", "4.5"},   {"--flag=maybe", ""},   {"--day", "2025-02-30"},
        {"--at", "noon"}, {"--id", "not-a-uuid"}, {"--kind", "c"}};
    for (const auto& [flag, value] : bad) {
        std::vector<std::string> args{flag};
        if (!value.empty()) {
            args.push_back(value);
        }
        const std::string message = usage_error(*command, args);
        const std::string name = flag.substr(0, flag.find('='));
        EXPECT_NE(message.find("typed " + name + " expects"), std::string::npos)
            << flag << ": " << message;
    }
    EXPECT_EQ(context().databases_opened(), 0);
}

TEST_P(TaskRun, EachTypeAcceptsAGoodValue) {
    auto command = task("typed.sql",
                        "-- deckhand:command typed\n"
                        "-- deckhand:param n int\n"
                        "-- deckhand:param flag bool\n"
                        "-- deckhand:param day date\n"
                        "-- deckhand:param at timestamp\n"
                        "-- deckhand:param id uuid\n"
                        "-- deckhand:param kind enum(a|b)\n"
                        "-- deckhand:param text string\n"
                        "SELECT :n AS n, :flag AS flag, :day AS day, :at AS at, :id AS id, :kind "
                        "AS kind, :text AS text;\n");
    EXPECT_EQ(run(*command, {"--n", "7", "--flag=false", "--day", "2025-01-31", "--at",
                             "2025-01-31 08:00", "--id", "123e4567-e89b-12d3-a456-426614174000",
                             "--kind", "b", "--text", "it's"}),
              0);
    const std::string out = context().output();
    EXPECT_NE(out.find("2025-01-31 08:00"), std::string::npos) << out;
    EXPECT_NE(out.find("it's"), std::string::npos) << out;
    EXPECT_NE(out.find("(1 row)"), std::string::npos) << out;
}

TEST_P(TaskRun, AMissingRequiredParameterIsAUsageErrorNamingIt) {
    auto command = task("archive.sql", archive_task);
    EXPECT_NE(usage_error(*command, {}).find("--before"), std::string::npos);
    EXPECT_EQ(context().databases_opened(), 0);
}

TEST_P(TaskRun, OptionalParametersBindNullAndDefaultsApply) {
    create_blog_posts();
    auto command = task("add.sql",
                        "-- deckhand:command add\n"
                        "-- deckhand:param title string default=Untitled\n"
                        "-- deckhand:param published timestamp\n"
                        "-- deckhand:param archived bool\n"
                        "INSERT INTO blog_posts (title, published_at, archived)\n"
                        "VALUES (:title, :published, :archived);\n");
    EXPECT_EQ(run(*command, {}), 0);
    EXPECT_EQ(scalar("SELECT title FROM blog_posts"), "Untitled");
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE published_at IS NULL"), "1");
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE NOT archived"), "1");
}

TEST_P(TaskRun, NamesInsideLiteralsCommentsAndQuotedIdentifiersAreLeftAlone) {
    exec("CREATE TABLE notes (body TEXT, tag TEXT)");
    std::string sql =
        "-- deckhand:command note\n"
        "-- deckhand:param tag string required\n"
        "INSERT INTO notes (body, tag) VALUES (':tag stays as written', :tag); -- not :tag\n"
        "/* nor :tag */ SELECT tag AS \":tag\"";
    if (on_postgres()) {
        sql += ", :tag::text || '!' AS cast_value, $$ :tag $$ AS body";
    }
    sql += " FROM notes;\n";
    auto command = task("note.sql", sql);
    EXPECT_EQ(run(*command, {"--tag", "bound"}), 0);
    EXPECT_EQ(scalar("SELECT body FROM notes"), ":tag stays as written");
    EXPECT_EQ(scalar("SELECT tag FROM notes"), "bound");
    const std::string out = context().output();
    EXPECT_NE(out.find(":tag"), std::string::npos) << out;  // the column's name
    if (on_postgres()) {
        EXPECT_NE(out.find("bound!"), std::string::npos) << out;
        EXPECT_NE(out.find(" :tag\n"), std::string::npos) << out;  // the dollar-quoted body
    }
}

TEST_P(TaskRun, ADryRunReportsRowsAffectedAndChangesNothing) {
    insert_posts();
    auto command = task("archive.sql", archive_task);
    EXPECT_EQ(run(*command, {"--before", "2024-01-01", "--dry-run"}), 0);
    EXPECT_NE(
        context().output().find("archive-posts: 2 rows affected; dry run, rolled back: nothing "
                                "changed"),
        std::string::npos)
        << context().output();
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE archived"), "0");

    context().clear_output();
    auto again = task("archive.sql", archive_task);
    EXPECT_EQ(run(*again, {"--before", "2024-01-01"}), 0);
    EXPECT_NE(context().output().find("archive-posts: 2 rows affected; committed"),
              std::string::npos);
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE archived"), "2");
}

TEST_P(TaskRun, AFailingStatementRollsBackTheWholeTaskAndNamesFileAndLine) {
    insert_posts();
    auto command = task("broken.sql",
                        "-- deckhand:command broken\n"
                        "-- deckhand:param before date required\n"
                        "UPDATE blog_posts SET archived = true WHERE published_at < :before;\n"
                        "\n"
                        "INSERT INTO no_such_table (x)\n"
                        "VALUES (1);\n");
    try {
        run(*command, {"--before", "2030-01-01"});
        ADD_FAILURE() << "the task should have failed";
    } catch (const WorkFailed& error) {
        const std::string message = error.what();
        EXPECT_EQ(message.rfind("commands/broken.sql:5: ", 0), 0u) << message;
        EXPECT_NE(message.find("no_such_table"), std::string::npos) << message;
        EXPECT_NE(message.find("rolled back"), std::string::npos) << message;
    }
    EXPECT_EQ(scalar("SELECT count(*) FROM blog_posts WHERE archived"), "0");
}

TEST_P(TaskRun, RowsPrintAsAnAlignedTable) {
    insert_posts();
    auto command = task("list.sql",
                        "-- deckhand:command list\n"
                        "-- deckhand:param limit int default=2\n"
                        "SELECT id, title FROM blog_posts ORDER BY id LIMIT :limit;\n");
    EXPECT_EQ(run(*command, {}), 0);
    EXPECT_EQ(context().output(),
              "id  title\n"
              "1   old one\n"
              "2   old two\n"
              "(2 rows)\n");
}

TEST_P(TaskRun, RowsPrintAsJsonOnRequest) {
    insert_posts();
    auto command = task("list.sql",
                        "-- deckhand:command list\n"
                        "SELECT id, title, published_at FROM blog_posts WHERE id = 3\n"
                        "UNION ALL SELECT 4, 'draft', NULL ORDER BY id;\n");
    EXPECT_EQ(run(*command, {"--output", "json"}), 0);
    const auto json = nlohmann::json::parse(context().output());
    EXPECT_EQ(json["command"], "list");
    EXPECT_EQ(json["file"], "commands/list.sql");
    EXPECT_EQ(json["committed"], true);
    const auto& rows = json["statements"][0]["rows"];
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0]["title"], "new");
    EXPECT_EQ(rows[1]["id"], 4);  // a number: the column is an integer
    EXPECT_TRUE(rows[1]["published_at"].is_null());
    EXPECT_EQ(json["statements"][0]["line"], 2);
}

TEST_P(TaskRun, AParameterWithoutATypeOnPostgresIsNamedAsTheTaskWroteIt) {
    auto untyped = task("untyped.sql",
                        "-- deckhand:command untyped\n"
                        "-- deckhand:param note string\n"
                        "SELECT 1 AS one WHERE :note IS NULL;\n");
    if (on_postgres()) {
        try {
            run(*untyped, {});
            ADD_FAILURE() << "PostgreSQL cannot type :note here";
        } catch (const WorkFailed& error) {
            const std::string message = error.what();
            EXPECT_NE(message.find("commands/untyped.sql:3: could not determine data type of "
                                   "parameter :note"),
                      std::string::npos)
                << message;
            EXPECT_NE(message.find("CAST(:name AS TEXT)"), std::string::npos) << message;
        }
    } else {
        EXPECT_EQ(run(*untyped, {}), 0);
    }
    // The portable spelling works on both.
    auto typed = task("typed.sql",
                      "-- deckhand:command typed\n"
                      "-- deckhand:param note string\n"
                      "SELECT 1 AS one WHERE CAST(:note AS TEXT) IS NULL;\n");
    context().clear_output();
    EXPECT_EQ(run(*typed, {}), 0);
    EXPECT_EQ(context().output(), "one\n1\n(1 row)\n");
}

TEST_P(TaskRun, AnUnknownOutputFormatIsAUsageError) {
    auto command = task("list.sql", "-- deckhand:command list\nSELECT 1;\n");
    EXPECT_NE(usage_error(*command, {"--output", "yaml"}).find("--output expects text or json"),
              std::string::npos);
}

}  // namespace
}  // namespace deckhand::test
