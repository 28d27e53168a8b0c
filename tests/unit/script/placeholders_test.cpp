// ${name} placeholders: where they are replaced, their errors, and the way back to source lines.
#include "deckhand/script/placeholders.hpp"

#include <gtest/gtest.h>

#include "deckhand/errors.hpp"

namespace deckhand::script {
namespace {

Placeholders values(std::initializer_list<std::pair<const char*, const char*>> items) {
    Placeholders out;
    for (const auto& [name, value] : items) {
        out.set(name, value);
    }
    return out;
}

TEST(Placeholders, ReplacesEveryUseOutsideComments) {
    auto out = substitute_placeholders(
        "CREATE TABLE ${schema}.posts (owner text DEFAULT '${owner}'); -- ${nope}\n",
        SqlDialect::postgres, values({{"schema", "blog"}, {"owner", "app"}}), "f");
    EXPECT_EQ(out.text, "CREATE TABLE blog.posts (owner text DEFAULT 'app'); -- ${nope}\n");
}

TEST(Placeholders, ReplacesInsideDollarQuotedBodies) {
    auto out = substitute_placeholders("DO $$ BEGIN PERFORM '${x}'; END $$", SqlDialect::postgres,
                                       values({{"x", "1"}}), "f");
    EXPECT_EQ(out.text, "DO $$ BEGIN PERFORM '1'; END $$");
}

TEST(Placeholders, LeavesTextThatIsNotAPlaceholderAlone) {
    for (const char* sql :
         {"SELECT '${}'", "SELECT '${a b}'", "SELECT '${open'", "SELECT '$x{a}'"}) {
        EXPECT_EQ(substitute_placeholders(sql, SqlDialect::generic, Placeholders(), "f").text, sql);
    }
}

TEST(Placeholders, MatchesNamesWithoutRegardToCaseAndLetsLaterValuesWin) {
    Placeholders p;
    p.set("TENANT", "from-environment");
    p.set("tenant", "from-set");
    EXPECT_EQ(substitute_placeholders("${Tenant}", SqlDialect::generic, p, "f").text, "from-set");
}

TEST(Placeholders, NamesTheFileLineAndPlaceholderThatHasNoValue) {
    try {
        substitute_placeholders("SELECT 1;\n-- ${ignored}\nSELECT ${tenant};", SqlDialect::sqlite,
                                Placeholders(), "migrations/V2__x.sql");
        FAIL();
    } catch (const ConfigError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "migrations/V2__x.sql:3: placeholder ${tenant} has no value; pass --set "
                  "tenant=VALUE or set "
                  "DECKHAND_PLACEHOLDER_tenant");
    }
    EXPECT_THROW(check_placeholders("${a}", SqlDialect::generic, Placeholders(), "f"), ConfigError);
    EXPECT_NO_THROW(check_placeholders("${a}", SqlDialect::generic, values({{"a", ""}}), "f"));
}

TEST(Placeholders, FindsUsesWithTheirLines) {
    auto uses =
        find_placeholders("a\n${x} ${deckhand:filename}\n/* ${y} */ '${z.w}'", SqlDialect::generic);
    ASSERT_EQ(uses.size(), 3u);
    EXPECT_EQ(uses[0].name, "x");
    EXPECT_EQ(uses[0].line, 2u);
    EXPECT_EQ(uses[1].name, "deckhand:filename");
    EXPECT_EQ(uses[2].name, "z.w");
    EXPECT_EQ(uses[2].line, 3u);
}

TEST(Placeholders, MapsOffsetsInTheResultBackToTheSource) {
    std::string sql = "SELECT ${a};\nSELECT x;";
    auto out = substitute_placeholders(sql, SqlDialect::generic, values({{"a", "1,\n2,\n3"}}), "f");
    auto x_in_output = out.text.find('x');
    EXPECT_EQ(out.source_offset(x_in_output), sql.find('x'));
    EXPECT_EQ(out.source_offset(out.text.find('2')), sql.find("${a}"));
    EXPECT_EQ(out.source_offset(3), 3u);
}

TEST(Placeholders, ParsesAssignments) {
    EXPECT_EQ(parse_placeholder_assignment("owner=app=1", "--set"),
              (std::pair<std::string, std::string>{"owner", "app=1"}));
    EXPECT_EQ(parse_placeholder_assignment("empty=", "--set").second, "");
    EXPECT_THROW(parse_placeholder_assignment("novalue", "--set"), UsageError);
    EXPECT_THROW(parse_placeholder_assignment("=x", "--set"), UsageError);
    EXPECT_THROW(parse_placeholder_assignment("a b=x", "--set"), UsageError);
}

TEST(Placeholders, NamesHoldingPasswordSecretTokenOrKeyAreSecretInAnyCase) {
    for (const char* name : {"password", "DB_PASSWORD", "ClientSecret", "token", "api_Key",
                             "keystore", "flyway:token"}) {
        EXPECT_TRUE(is_secret_placeholder(name)) << name;
    }
    for (const char* name : {"table_name", "region", "pass", "ke", ""}) {
        EXPECT_FALSE(is_secret_placeholder(name)) << name;
    }
}

TEST(Placeholders, ShownTextStarsSecretValuesAndKeepsTheRest) {
    Placeholders values;
    values.set("db_password", "hunter2");
    values.set("table", "users");
    const std::string sql = "ALTER ROLE ${table} PASSWORD '${db_password}'; -- ${table}";
    const auto substituted = substitute_placeholders(sql, SqlDialect::postgres, values, "V1.sql");
    EXPECT_EQ(substituted.text, "ALTER ROLE users PASSWORD 'hunter2'; -- ${table}");
    EXPECT_EQ(shown_text(substituted, sql), "ALTER ROLE users PASSWORD '***'; -- ${table}");
}

}  // namespace
}  // namespace deckhand::script
