// Task annotations: what a well-formed task file becomes, and how a malformed one is refused
// with the file and line.
#include "deckhand/tasks/task_definition.hpp"

#include <gtest/gtest.h>

#include "deckhand/errors.hpp"

namespace deckhand::tasks {
namespace {

std::optional<TaskDefinition> parse(const std::string& text) {
    return parse_task(text, "commands/t.sql", "commands/t.sql");
}

// The ConfigError message parsing `text` throws, or "" when it parses.
std::string refusal(const std::string& text) {
    try {
        parse(text);
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "";
}

TEST(TaskDefinition, AnAnnotatedFileBecomesATask) {
    auto task = parse(
        "-- deckhand:command archive-posts\n"
        "-- deckhand:summary Archive blog posts older than a date\n"
        "-- deckhand:param before date required \"Posts published before this day\"\n"
        "-- deckhand:param limit int default=100 \"At most this many\"\n"
        "-- deckhand:param only-count bool\n"
        "-- deckhand:param state enum(draft|published) default=published\n"
        "UPDATE blog_posts SET archived = true WHERE published_at < :before\n"
        "  AND (:only_count OR true) AND state = :state LIMIT :limit;\n");
    ASSERT_TRUE(task.has_value());
    EXPECT_EQ(task->name, "archive-posts");
    EXPECT_EQ(task->summary, "Archive blog posts older than a date");
    EXPECT_EQ(task->line, 1u);
    ASSERT_EQ(task->params.size(), 4u);
    EXPECT_EQ(task->params[0].name, "before");
    EXPECT_EQ(task->params[0].type.kind, ParamType::Kind::date);
    EXPECT_TRUE(task->params[0].required);
    EXPECT_EQ(task->params[0].help, "Posts published before this day");
    EXPECT_EQ(task->params[0].line, 3u);
    EXPECT_EQ(task->params[1].default_value, "100");
    EXPECT_FALSE(task->params[1].required);
    EXPECT_EQ(task->params[2].sql_name(), "only_count");
    EXPECT_EQ(task->params[2].help, "");
    EXPECT_EQ(task->params[3].type.choices.size(), 2u);
    EXPECT_EQ(task->find_by_sql_name("only_count"), &task->params[2]);
    EXPECT_EQ(task->find_by_sql_name("only-count"), nullptr);
}

TEST(TaskDefinition, AFileWithoutDirectivesIsNotATask) {
    EXPECT_FALSE(parse("-- just a query kept here\nSELECT 1;\n").has_value());
}

TEST(TaskDefinition, ASummaryIsOptional) {
    auto task = parse("-- deckhand:command vacuum-stats\nSELECT 1;\n");
    ASSERT_TRUE(task.has_value());
    EXPECT_EQ(task->summary, "Run commands/t.sql");
}

TEST(TaskDefinition, ATaskOnlyReadsWhenItSaysSo) {
    auto writer = parse("-- deckhand:command archive\nUPDATE t SET a = 1;\n");
    ASSERT_TRUE(writer.has_value());
    EXPECT_FALSE(writer->read_only);
    auto reader = parse("-- deckhand:command report\n-- deckhand:read-only\nSELECT 1;\n");
    ASSERT_TRUE(reader.has_value());
    EXPECT_TRUE(reader->read_only);
    EXPECT_NE(refusal("-- deckhand:command x\n-- deckhand:read-only yes\nSELECT 1;")
                  .find("commands/t.sql:2: "),
              std::string::npos);
}

TEST(TaskDefinition, MalformedAnnotationsNameFileAndLine) {
    EXPECT_EQ(refusal("-- deckhand:command x\n-- deckhand:param when float\nSELECT :when;"),
              "commands/t.sql:2: unknown parameter type 'float' (types: string, int, bool, date, "
              "timestamp, uuid, enum(a|b|c))");
    EXPECT_EQ(refusal("-- deckhand:command Archive_Posts\nSELECT 1;"),
              "commands/t.sql:1: command name 'Archive_Posts' must be kebab-case, such as "
              "archive-posts");
    EXPECT_EQ(refusal("-- deckhand:summary Lost\n-- deckhand:param a int\nSELECT :a;"),
              "commands/t.sql:1: has '-- deckhand:summary' but no '-- deckhand:command NAME' "
              "saying which command it is");
    EXPECT_EQ(refusal("-- deckhand:command x\n-- deckhand:param a int required default=1\nSELECT "
                      ":a;"),
              "commands/t.sql:2: parameter 'a' cannot be both required and have a default");
    EXPECT_EQ(refusal("-- deckhand:command x\n-- deckhand:param a int default=ten\nSELECT :a;"),
              "commands/t.sql:2: the default of parameter 'a' expects a whole number such as 42, "
              "not 'ten'");
    EXPECT_EQ(refusal("-- deckhand:command x\n-- deckhand:param a int sometimes \"h\"\nSELECT :a;"),
              "commands/t.sql:2: 'sometimes' is not 'required' or 'default=VALUE'; write the "
              "parameter as NAME TYPE [required|default=VALUE] \"help\"");
    EXPECT_NE(refusal("-- deckhand:command x\n-- deckhand:no-transaction\nSELECT 1;")
                  .find("commands/t.sql:2: unknown directive '-- deckhand:no-transaction'"),
              std::string::npos);
    EXPECT_EQ(refusal("-- deckhand:command x\n-- deckhand:command y\nSELECT 1;"),
              "commands/t.sql:2: a task file names one command, not two");
    EXPECT_EQ(refusal("-- deckhand:command x\n-- deckhand:param only-a int\n-- deckhand:param "
                      "only_a int\nSELECT :only_a;"),
              "commands/t.sql:3: parameter 'only_a' is declared twice (line 2)");
}

TEST(TaskDefinition, ParametersMayNotTakeOptionsDeckhandAlreadyHas) {
    for (const char* name : {"dry-run", "output", "environment", "database-url", "help"}) {
        const std::string text =
            std::string("-- deckhand:command x\n-- deckhand:param ") + name + " string\nSELECT 1;";
        EXPECT_NE(refusal(text).find("is taken by an option"), std::string::npos) << name;
    }
}

TEST(TaskDefinition, EveryNameInTheSqlMustBeDeclared) {
    EXPECT_EQ(refusal("-- deckhand:command x\n-- deckhand:param a int\nSELECT :a,\n  :b;"),
              "commands/t.sql:4: :b is not a declared parameter (declare it with -- "
              "deckhand:param b TYPE ..., or write '::' for a cast)");
}

TEST(TaskDefinition, NamesInLiteralsCommentsAndCastsNeedNoDeclaration) {
    auto task = parse(
        "-- deckhand:command x\n"
        "SELECT ':nope', \":nope\", $$ :nope $$, now()::date; -- :nope\n");
    EXPECT_TRUE(task.has_value());
}

TEST(TaskDefinition, NumberedParametersAreRefused) {
    EXPECT_EQ(refusal("-- deckhand:command x\nSELECT $1;"),
              "commands/t.sql:2: write parameters as :name, declared with -- deckhand:param, "
              "not $1");
}

TEST(TaskDefinition, ATaskNeedsAStatement) {
    EXPECT_EQ(refusal("-- deckhand:command x\n-- nothing here\n"),
              "commands/t.sql:1: the task holds no SQL statement");
}

}  // namespace
}  // namespace deckhand::tasks
