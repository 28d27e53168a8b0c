// Where each setting comes from: flag, then environment variable, then deckhand.opts, then the
// default; and the embedded database's refusals.
#include "cli/global_options.hpp"

#include <gtest/gtest.h>

#include "deckhand/errors.hpp"
#include "support/temp_dir.hpp"

using deckhand::cli::GivenGlobals;
using deckhand::cli::resolve_config;

namespace {

GivenGlobals given(std::initializer_list<std::pair<std::string, std::string>> items,
                   const std::string& origin = "") {
    GivenGlobals out;
    for (const auto& [flag, value] : items) {
        out[flag].push_back({value, origin.empty() ? "--" + flag : origin});
    }
    return out;
}

}  // namespace

TEST(GlobalOptions, DefaultsApplyWhenNothingIsGiven) {
    auto config = resolve_config({}, {}, {});
    EXPECT_EQ(config.migrations_dir, "migrations");
    EXPECT_EQ(config.commands_dir, "commands");
    EXPECT_EQ(config.log_level, "info");
    EXPECT_EQ(config.log_format, "text");
    EXPECT_EQ(config.environment, "development");
    EXPECT_FALSE(config.database_url_text.has_value());
    EXPECT_EQ(config.database_url().text, "sqlite:deckhand.db");
}

TEST(GlobalOptions, FlagBeatsVariableBeatsOptsFile) {
    auto opts =
        given({{"migrations", "from-opts"}, {"log-level", "debug"}, {"environment", "staging"}},
              "deckhand.opts line 1");
    std::map<std::string, std::string> env{{"DECKHAND_MIGRATIONS", "from-env"},
                                           {"DECKHAND_LOG_LEVEL", "warn"}};
    auto config = resolve_config(given({{"migrations", "from-flag"}}), opts, env);
    EXPECT_EQ(config.migrations_dir, "from-flag");
    EXPECT_EQ(config.log_level, "warn");
    EXPECT_EQ(config.environment, "staging");
}

TEST(GlobalOptions, EmptyVariablesCountAsUnset) {
    auto config = resolve_config({}, {}, {{"DECKHAND_MIGRATIONS", ""}});
    EXPECT_EQ(config.migrations_dir, "migrations");
}

TEST(GlobalOptions, DatabaseUrlSourcesInOrder) {
    std::map<std::string, std::string> env{{"DATABASE_URL", "sqlite:generic.db"}};
    EXPECT_EQ(*resolve_config({}, {}, env).database_url_text, "sqlite:generic.db");
    env["DECKHAND_DATABASE_URL"] = "sqlite:specific.db";
    auto config = resolve_config({}, {}, env);
    EXPECT_EQ(*config.database_url_text, "sqlite:specific.db");
    EXPECT_EQ(config.database_url_origin, "DECKHAND_DATABASE_URL");
    config = resolve_config(given({{"database-url", "sqlite:flag.db"}}), {}, env);
    EXPECT_EQ(*config.database_url_text, "sqlite:flag.db");
    EXPECT_EQ(config.database_url_origin, "--database-url");
}

TEST(GlobalOptions, DatabaseUrlFileIsReadAndTrimmed) {
    deckhand::test::TempDir dir;
    auto file = dir.write("secret/url", "postgres://app:pw@db/blog\n");
    auto config = resolve_config(given({{"database-url-file", file.string()}}), {}, {});
    EXPECT_EQ(*config.database_url_text, "postgres://app:pw@db/blog");
    EXPECT_NE(config.database_url_origin.find(file.string()), std::string::npos);
}

TEST(GlobalOptions, MissingOrEmptyUrlFileIsAConfigurationErrorNamingIt) {
    deckhand::test::TempDir dir;
    try {
        resolve_config(given({{"database-url-file", (dir / "absent").string()}}), {}, {});
        FAIL();
    } catch (const deckhand::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find((dir / "absent").string()), std::string::npos);
    }
    auto empty = dir.write("empty", "  \n");
    EXPECT_THROW(resolve_config({}, {}, {{"DECKHAND_DATABASE_URL_FILE", empty.string()}}),
                 deckhand::ConfigError);
}

TEST(GlobalOptions, AUrlFileOfTwoLinesOrAFolderIsRefusedNamingItNotItsText) {
    deckhand::test::TempDir dir;
    auto two = dir.write("two", "postgres://app:first-s3cret@db/blog\npostgres://x:y@z/w\n");
    try {
        resolve_config(given({{"database-url-file", two.string()}}), {}, {});
        FAIL();
    } catch (const deckhand::ConfigError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("the database URL file " + two.string()), std::string::npos);
        EXPECT_NE(message.find("holds 2 lines"), std::string::npos) << message;
        EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
    }
    try {
        resolve_config({}, {}, {{"DECKHAND_DATABASE_URL_FILE", dir.path().string()}});
        FAIL();
    } catch (const deckhand::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find(dir.path().string() +
                                             " (from DECKHAND_DATABASE_URL_FILE) is a folder"),
                  std::string::npos)
            << e.what();
    }
    auto padded = dir.write("padded", "\n\n  postgres://app:pw@db/blog  \r\n\n");
    EXPECT_EQ(
        *resolve_config(given({{"database-url-file", padded.string()}}), {}, {}).database_url_text,
        "postgres://app:pw@db/blog");
}

TEST(GlobalOptions, UrlAndUrlFileFlagsTogetherAreAUsageError) {
    EXPECT_THROW(resolve_config(
                     given({{"database-url", "sqlite:a.db"}, {"database-url-file", "/x"}}), {}, {}),
                 deckhand::UsageError);
}

TEST(GlobalOptions, PluginFoldersAccumulateFlagsThenVariable) {
    GivenGlobals flags;
    flags["plugin-dir"] = {{"/a", "--plugin-dir"}, {"/b", "--plugin-dir"}};
    auto config = resolve_config(flags, {}, {{"DECKHAND_PLUGIN_PATH", "/c::/d"}});
    std::vector<std::filesystem::path> expected{"/a", "/b", "/c", "/d"};
    EXPECT_EQ(config.plugin_dirs, expected);
}

TEST(GlobalOptions, BadLogSettingsNameTheirSource) {
    try {
        resolve_config({}, {}, {{"DECKHAND_LOG_FORMAT", "xml"}});
        FAIL();
    } catch (const deckhand::UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("DECKHAND_LOG_FORMAT"), std::string::npos);
    }
    EXPECT_THROW(resolve_config(given({{"log-level", "loud"}}), {}, {}), deckhand::UsageError);
}

TEST(GlobalOptions, NoUrlInsideKubernetesIsRefused) {
    auto config = resolve_config({}, {}, {{"KUBERNETES_SERVICE_HOST", "10.0.0.1"}});
    EXPECT_TRUE(config.in_kubernetes);
    EXPECT_THROW(config.database_url(), deckhand::ConfigError);
}

TEST(GlobalOptions, NoUrlInProductionIsRefused) {
    auto config = resolve_config(given({{"environment", "production"}}), {}, {});
    EXPECT_THROW(config.database_url(), deckhand::ConfigError);
}

TEST(GlobalOptions, EnvironmentNamesCompareWithoutCase) {
    for (const char* name : {"production", "Production", "PRODUCTION", "prod", "Prod", "PROD"}) {
        auto config = resolve_config({}, {}, {{"DECKHAND_ENVIRONMENT", name}});
        EXPECT_TRUE(config.is_production()) << name;
        EXPECT_THROW(config.database_url(), deckhand::ConfigError) << name;
        EXPECT_THROW(config.refuse_in_production(false, "seed", "why"), deckhand::ConfigError)
            << name;
        EXPECT_NO_THROW(config.refuse_in_production(true, "seed", "why")) << name;
    }
    for (const char* name : {"development", "staging", "preprod", "production-like"}) {
        auto config = resolve_config({}, {}, {{"DECKHAND_ENVIRONMENT", name}});
        EXPECT_FALSE(config.is_production()) << name;
        EXPECT_NO_THROW(config.refuse_in_production(false, "seed", "why")) << name;
    }
}

TEST(GlobalOptions, PlaceholdersComeFromTheirVariables) {
    auto config = resolve_config(
        {}, {}, {{"DECKHAND_PLACEHOLDER_schema", "blog"}, {"DECKHAND_PLACEHOLDER_", "x"}});
    ASSERT_EQ(config.placeholders.size(), 1u);
    EXPECT_EQ(config.placeholders.at("schema"), "blog");
}

TEST(GlobalOptions, HistoryTableComesFromFlagVariableOrOptsFileWithItsOrigin) {
    auto defaults = resolve_config({}, {}, {});
    EXPECT_EQ(defaults.history_table, "deckhand_schema_history");
    EXPECT_EQ(defaults.history_table_origin, "");
    auto opts = given({{"history-table", "from_opts"}}, "deckhand.opts line 2");
    auto from_opts = resolve_config({}, opts, {});
    EXPECT_EQ(from_opts.history_table, "from_opts");
    EXPECT_EQ(from_opts.history_table_origin, "deckhand.opts line 2");
    auto from_variable = resolve_config({}, opts, {{"DECKHAND_HISTORY_TABLE", "app.history"}});
    EXPECT_EQ(from_variable.history_table, "app.history");
    EXPECT_EQ(from_variable.history_table_origin, "DECKHAND_HISTORY_TABLE");
    auto from_flag = resolve_config(given({{"history-table", "flagged"}}), opts,
                                    {{"DECKHAND_HISTORY_TABLE", "app.history"}});
    EXPECT_EQ(from_flag.history_table, "flagged");
    EXPECT_EQ(from_flag.history_table_origin, "--history-table");
}
