// Migration file names and numeric version ordering.
#include "deckhand/script/script_name.hpp"

#include <gtest/gtest.h>

#include "deckhand/errors.hpp"

namespace deckhand::script {
namespace {

Version v(const char* text) {
    return Version::parse(text, "test");
}

TEST(Version, ComparesPartsNumericallyNotAsText) {
    EXPECT_LT(v("1.9"), v("1.10"));
    EXPECT_LT(v("2"), v("10"));
    EXPECT_LT(v("1"), v("1.1"));
    EXPECT_LT(v("2026.11.24.1"), v("2026.11.24.2"));
}

TEST(Version, TreatsTrailingZeroPartsAndLeadingZerosAsTheSameVersion) {
    EXPECT_EQ(v("1"), v("1.0"));
    EXPECT_EQ(v("1"), v("1.0.0"));
    EXPECT_EQ(v("001"), v("1"));
    EXPECT_NE(v("1.0.1"), v("1.1"));
}

TEST(Version, AcceptsUnderscoresAsSeparatorsAndShowsThemAsDots) {
    EXPECT_EQ(v("1_2"), v("1.2"));
    EXPECT_EQ(v("1_2").text(), "1.2");
    EXPECT_EQ(v("2026.11.24.1").text(), "2026.11.24.1");
}

TEST(Version, RejectsTextThatIsNotSeparatedNumbers) {
    for (const char* bad : {"", "1..2", ".1", "1.", "1a", "v1", "1-2", "99999999999999999999999"}) {
        Version out;
        EXPECT_FALSE(Version::try_parse(bad, out)) << bad;
    }
    EXPECT_THROW(Version::parse("x", "--target"), ConfigError);
}

TEST(Version, ErrorNamesWhereTheVersionCameFrom) {
    try {
        Version::parse("1.x", "--target");
        FAIL();
    } catch (const ConfigError& error) {
        EXPECT_NE(std::string(error.what()).find("--target"), std::string::npos);
        EXPECT_NE(std::string(error.what()).find("'1.x'"), std::string::npos);
    }
}

TEST(Version, APartPastTwoToTheSixtyFourIsTooLargeNotMalformed) {
    EXPECT_EQ(v("18446744073709551615").parts().front(), 18446744073709551615ULL);
    EXPECT_EQ(v("000018446744073709551615").parts().front(), 18446744073709551615ULL);
    for (const char* big : {"18446744073709551616", "18446744073709551617",
                            "1.99999999999999999999", "2_184467440737095516150"}) {
        try {
            Version::parse(big, "--target");
            ADD_FAILURE() << big << " was accepted";
        } catch (const ConfigError& error) {
            EXPECT_EQ(std::string(error.what()),
                      "--target: '" + std::string(big) +
                          "' is too large for a version (each part is at most "
                          "18446744073709551615)");
        }
    }
    try {
        parse_migration_name("V18446744073709551617__big.sql",
                             "migrations/V18446744073709551617__big.sql");
        FAIL();
    } catch (const ConfigError& error) {
        EXPECT_NE(
            std::string(error.what()).find("'18446744073709551617' is too large for a version"),
            std::string::npos)
            << error.what();
    }
    try {
        Version::parse("1x99999999999999999999", "--target");
        FAIL();
    } catch (const ConfigError& error) {
        EXPECT_NE(std::string(error.what()).find("is not a version"), std::string::npos);
    }
}

TEST(MigrationName, ParsesAVersionedScript) {
    auto name = parse_migration_name("V1_2__add_blog_posts.sql", "m/V1_2__add_blog_posts.sql");
    EXPECT_EQ(name.kind, ScriptKind::versioned);
    EXPECT_EQ(name.version, v("1.2"));
    EXPECT_EQ(name.description, "add blog posts");
}

TEST(MigrationName, ParsesARepeatableScript) {
    auto name = parse_migration_name("R__published_posts_view.sql", "x");
    EXPECT_EQ(name.kind, ScriptKind::repeatable);
    EXPECT_EQ(name.description, "published posts view");
}

TEST(MigrationName, KeepsDoubleUnderscoresAfterTheFirstInTheDescription) {
    auto name = parse_migration_name("V3__a__b.sql", "x");
    EXPECT_EQ(name.version, v("3"));
    EXPECT_EQ(name.description, "a  b");
}

TEST(MigrationName, TakesTheExtensionInLowerCaseOnlyAsFlywayDoes) {
    EXPECT_FALSE(has_sql_extension("V1__x.SQL"));
    EXPECT_FALSE(has_sql_extension("V1__x.Sql"));
    EXPECT_TRUE(has_sql_extension("V1__x.sql"));
    EXPECT_THROW(parse_migration_name("V1__x.SQL", "x"), ConfigError);
}

TEST(MigrationName, ParsesFlywaysBaselineAndUndoScripts) {
    auto baseline = parse_migration_name("B5__schema_at_5.sql", "x");
    EXPECT_EQ(baseline.kind, ScriptKind::baseline);
    EXPECT_EQ(baseline.version, v("5"));
    EXPECT_EQ(baseline.description, "schema at 5");
    auto undo = parse_migration_name("U1.2__drop_posts.sql", "x");
    EXPECT_EQ(undo.kind, ScriptKind::undo);
    EXPECT_EQ(undo.version, v("1.2"));
    EXPECT_EQ(undo.convention, Convention::flyway);
}

TEST(MigrationName, ParsesFlywaysCallbacksWithOrWithoutADescription) {
    auto plain = parse_migration_name("afterMigrate.sql", "x");
    EXPECT_EQ(plain.kind, ScriptKind::callback);
    EXPECT_EQ(plain.event, CallbackEvent::after_migrate);
    EXPECT_EQ(plain.description, "");
    auto described = parse_migration_name("afterMigrate__refresh_views.sql", "x");
    EXPECT_EQ(described.event, CallbackEvent::after_migrate);
    EXPECT_EQ(described.description, "refresh views");
    EXPECT_EQ(parse_migration_name("afterMigrateError.sql", "x").event,
              CallbackEvent::after_migrate_error);
    EXPECT_EQ(parse_migration_name("beforeEachMigrate__audit.sql", "x").event,
              CallbackEvent::before_each_migrate);
    // Events of other commands are recognised, and deckhand never fires them.
    auto validate = parse_migration_name("beforeValidate.sql", "x");
    EXPECT_EQ(validate.kind, ScriptKind::callback);
    EXPECT_EQ(validate.event, CallbackEvent::unsupported);
    EXPECT_EQ(to_string(CallbackEvent::before_migrate), "beforeMigrate");
}

TEST(MigrationName, ParsesGolangMigrateNames) {
    auto up = parse_migration_name("20230101120000_create_users.up.sql", "x");
    EXPECT_EQ(up.kind, ScriptKind::versioned);
    EXPECT_EQ(up.convention, Convention::golang_migrate);
    EXPECT_EQ(up.version, v("20230101120000"));
    EXPECT_EQ(up.description, "create users");
    auto down = parse_migration_name("000002_add.index.down.sql", "x");
    EXPECT_EQ(down.kind, ScriptKind::undo);
    EXPECT_EQ(down.version, v("2"));
    EXPECT_EQ(down.description, "add.index");
}

TEST(MigrationName, ParsesDbmateNames) {
    auto name = parse_migration_name("20151129054053_test_migration.sql", "x");
    EXPECT_EQ(name.kind, ScriptKind::versioned);
    EXPECT_EQ(name.convention, Convention::dbmate);
    EXPECT_EQ(name.description, "test migration");
    // Timestamps are numbers: compared as such, not as text.
    EXPECT_LT(parse_migration_name("9_a.sql", "x").version,
              parse_migration_name("20151129054053_b.sql", "x").version);
    EXPECT_EQ(parse_migration_name("42.sql", "x").version, v("42"));
}

TEST(MigrationName, RejectsMalformedNamesNamingTheFileAndTheProblem) {
    struct Case {
        const char* name;
        const char* why;
    };
    for (const Case& c :
         {Case{"V1_x.sql", "double underscore"}, Case{"V1a__x.sql", "'1a' is not a version"},
          Case{"V__x.sql", "'' is not a version"}, Case{"v1__x.sql", "neither V nor R__"},
          Case{"R1__x.sql", "neither V nor R__"}, Case{"U1_undo.sql", "double underscore"},
          Case{"V1__.sql", "description is empty"}, Case{"R__.sql", "description is empty"},
          Case{"B2__.sql", "description is empty"}, Case{"beforemigrate.sql", "neither V nor R__"},
          Case{"aftermigrate__x.sql", "neither V nor R__"},
          Case{"12-add.sql", "not followed by an underscore"},
          Case{"V1.2__x.up.sql.txt", "not a .sql file"}}) {
        try {
            parse_migration_name(c.name, std::string("migrations/") + c.name);
            ADD_FAILURE() << c.name << " was accepted";
        } catch (const ConfigError& error) {
            std::string message = error.what();
            EXPECT_EQ(message.rfind(std::string("migrations/") + c.name + ": ", 0), 0u) << message;
            EXPECT_NE(message.find(c.why), std::string::npos) << message;
        }
    }
}

TEST(MigrationName, RecognisesSqlFilesByExtension) {
    EXPECT_TRUE(has_sql_extension("V1__x.sql"));
    EXPECT_FALSE(has_sql_extension("notes.Sql"));  // lower case only, as Flyway
    EXPECT_FALSE(has_sql_extension("README.md"));
    EXPECT_FALSE(has_sql_extension("sql"));
}

}  // namespace
}  // namespace deckhand::script
