// psql meta-commands in scripts: found outside quotes, comments and COPY data, and refused with
// the file, the line and what to write instead.
#include "deckhand/script/psql_commands.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "deckhand/errors.hpp"

namespace deckhand::script {
namespace {

using ::testing::HasSubstr;

std::string refusal(std::string_view sql, SqlDialect dialect = SqlDialect::postgres) {
    try {
        refuse_psql_only_syntax(sql, dialect, "migrations/V1__x.sql");
        return "(accepted)";
    } catch (const ConfigError& error) {
        return error.what();
    }
}

TEST(PsqlCommands, FindsMetaCommandsAtTheStartOfALineAndAfterAStatement) {
    auto found = find_meta_command("SELECT 1;\n\\set ON_ERROR_STOP on\n", SqlDialect::postgres);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->name, "\\set");
    EXPECT_EQ(found->line, 2u);
    found = find_meta_command("SELECT 1;\nSELECT now() AS t \\gset\n", SqlDialect::postgres);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->name, "\\gset");
    EXPECT_EQ(found->line, 2u);
    found = find_meta_command("  \\! ls\n", SqlDialect::sqlite);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->name, "\\!");
}

TEST(PsqlCommands, IgnoresBackslashesInStringsCommentsBodiesAndCopyData) {
    for (const char* sql : {"SELECT E'a\\\\b', 'c\\\\', \"d\\\\e\";", "-- \\set x 1\nSELECT 1;",
                            "/* \\i x.sql */", "DO $$ BEGIN RAISE NOTICE '\\\\'; END $$;",
                            "COPY t FROM stdin;\n1\t\\N\n\\\\x\n\\.\n", "SELECT 1;"}) {
        EXPECT_FALSE(find_meta_command(sql, SqlDialect::postgres).has_value()) << sql;
        EXPECT_EQ(refusal(sql), "(accepted)") << sql;
    }
}

TEST(PsqlCommands, RefusesAMetaCommandNamingFileLineAndAWayOut) {
    EXPECT_EQ(refusal("CREATE TABLE a (x int);\n\n\\i other.sql\n"),
              "migrations/V1__x.sql:3: \\i is a psql meta-command, but deckhand sends scripts to "
              "the database server, not to psql; make the file it includes a migration of its "
              "own, with the next version");
    EXPECT_THAT(refusal("\\copy t from 'rows.csv' csv\n"),
                HasSubstr("V1__x.sql:1: \\copy is a psql meta-command, but deckhand sends scripts "
                          "to the database server, not to psql; write COPY ... FROM STDIN;"));
    EXPECT_THAT(refusal("\\set owner app\nGRANT ALL ON t TO :owner;"),
                HasSubstr("use a placeholder ${name} and pass --set name=VALUE"));
    EXPECT_THAT(refusal("\\connect other\n"), HasSubstr("--database-url"));
    EXPECT_THAT(refusal("\\c other\n"), HasSubstr(":1: \\c is a psql meta-command"));
    EXPECT_THAT(refusal("SELECT format('DROP TABLE %I', t) FROM x \\gexec\n"),
                HasSubstr("EXECUTE in a DO block"));
    EXPECT_THAT(refusal("\\if :flag\nSELECT 1;\n\\endif\n"), HasSubstr("DO block"));
    EXPECT_THAT(refusal("\\echo hello\n"), HasSubstr("RAISE NOTICE"));
    EXPECT_EQ(refusal("SELECT 1;\n\\pset format aligned\n"),
              "migrations/V1__x.sql:2: \\pset is a psql meta-command, but deckhand sends scripts "
              "to the database server, not to psql");
}

TEST(PsqlCommands, RefusesAStrayEndOfDataMarker) {
    EXPECT_EQ(refusal("INSERT INTO t VALUES (1);\n\\.\n"),
              "migrations/V1__x.sql:2: \\. ends the data of a COPY ... FROM STDIN, but no such "
              "statement comes before it");
}

TEST(PsqlCommands, RefusesCopyFromStdinOnSqliteOnly) {
    const std::string sql = "CREATE TABLE t (a int);\nCOPY t (a) FROM stdin;\n1\n\\.\n";
    EXPECT_EQ(refusal(sql, SqlDialect::sqlite),
              "migrations/V1__x.sql:2: COPY ... FROM STDIN is PostgreSQL's, and SQLite has no "
              "COPY; write the rows as INSERT statements");
    EXPECT_EQ(refusal(sql, SqlDialect::postgres), "(accepted)");
}

TEST(PsqlCommands, FindsAMetaCommandAfterCopyData) {
    auto found = find_meta_command("COPY t FROM stdin;\n1\n\\.\n\\unset x\n", SqlDialect::postgres);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->name, "\\unset");
    EXPECT_EQ(found->line, 4u);
}

}  // namespace
}  // namespace deckhand::script
