// The lint engine beyond the corpus: every rule's documented example raises it, waivers cover
// what they name and no more, the reports parse, and the selection of new scripts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "deckhand/errors.hpp"
#include "deckhand/lint/linter.hpp"
#include "deckhand/lint/report.hpp"
#include "deckhand/lint/rules.hpp"
#include "deckhand/lint/selection.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::lint {
namespace {

using testing::HasSubstr;

std::vector<Finding> lint_postgres(const std::string& sql, bool transactional = true) {
    Script script;
    script.path = "V2__new.sql";
    script.text = sql;
    script.transactional = transactional;
    return lint({script}, Options{}, &parse_postgres);
}

std::vector<std::string> rules_of(const std::vector<Finding>& findings) {
    std::vector<std::string> ids;
    ids.reserve(findings.size());
    for (const auto& finding : findings) {
        ids.push_back(finding.rule);
    }
    return ids;
}

TEST(LintRules, EveryPostgresRuleExampleRaisesItsRule) {
    for (const auto& rule : rules()) {
        if (rule.dialects.find("postgres") == std::string_view::npos) {
            continue;
        }
        Options options;
        options.lock_timeout_in_force = rule.id != "lock-timeout-missing";
        Script script;
        script.path = "example.sql";
        script.text = std::string(rule.example);
        script.transactional = script.text.find("deckhand:no-transaction") == std::string::npos;
        const auto findings = lint({script}, options, &parse_postgres);
        EXPECT_THAT(rules_of(findings), testing::Contains(std::string(rule.id))) << rule.example;
    }
}

TEST(LintRules, EveryRuleHasAReasonAFixAndAnExample) {
    for (const auto& rule : rules()) {
        EXPECT_FALSE(rule.why.empty()) << rule.id;
        EXPECT_FALSE(rule.fix.empty()) << rule.id;
        EXPECT_FALSE(rule.example.empty()) << rule.id;
    }
}

TEST(LintWaivers, AWaiverAboveTheStatementCoversOnlyThatStatement) {
    const auto findings = lint_postgres(
        "SELECT 1;\n"
        "-- deckhand:allow drop-column nothing reads it since release 4\n"
        "ALTER TABLE users DROP COLUMN a;\n"
        "ALTER TABLE users DROP COLUMN b;\n");
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].rule, "drop-column");
    EXPECT_EQ(findings[0].line, 4u);
}

TEST(LintWaivers, AWaiverAtTheEndOfTheStatementLineCoversIt) {
    const auto findings = lint_postgres(
        "SELECT 1;\nALTER TABLE users DROP COLUMN a; -- deckhand:allow drop-column unused\n");
    EXPECT_TRUE(findings.empty()) << findings.front().message;
}

TEST(LintWaivers, AWaiverBeforeTheFirstStatementCoversTheScript) {
    const auto findings = lint_postgres(
        "-- deckhand:allow drop-column both were never read\n"
        "ALTER TABLE users DROP COLUMN a;\nSELECT 1;\nALTER TABLE users DROP COLUMN b;\n");
    EXPECT_TRUE(findings.empty());
}

TEST(LintWaivers, AWaiverWithoutAReasonIsAFindingAndWaivesNothing) {
    const auto findings = lint_postgres(
        "SELECT 1;\n-- deckhand:allow drop-column\nALTER TABLE users DROP COLUMN a;\n");
    EXPECT_THAT(rules_of(findings),
                testing::UnorderedElementsAre("waiver-without-reason", "drop-column"));
}

TEST(LintWaivers, AWaiverOfAnUnknownRuleIsAFinding) {
    const auto findings = lint_postgres("-- deckhand:allow drop-colum typo\nSELECT 1;\n");
    EXPECT_THAT(rules_of(findings), testing::ElementsAre("waiver-unknown-rule"));
}

TEST(LintWaivers, AWaiverInsideAStringWaivesNothing) {
    const auto findings = lint_postgres(
        "SELECT '-- deckhand:allow drop-column no';\nALTER TABLE users DROP COLUMN a;\n");
    EXPECT_THAT(rules_of(findings), testing::ElementsAre("drop-column"));
}

TEST(LintFindings, NameFileLineColumnAndCarryTheFix) {
    const auto findings = lint_postgres("SELECT 1;\n\nCREATE INDEX i ON users (email);\n");
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].file, "V2__new.sql");
    EXPECT_EQ(findings[0].line, 3u);
    EXPECT_EQ(findings[0].column, 1u);
    EXPECT_THAT(findings[0].fix, HasSubstr("CONCURRENTLY"));
}

TEST(LintReport, TextShowsFileLineColumnRuleMessageAndFix) {
    std::ostringstream out;
    write_report(out, OutputFormat::text, lint_postgres("DROP TABLE users;\n"), 1);
    EXPECT_THAT(out.str(), HasSubstr("V2__new.sql:1:1 drop-table DROP TABLE users"));
    EXPECT_THAT(out.str(), HasSubstr("\n  fix: "));
    EXPECT_THAT(out.str(), HasSubstr("1 finding in 1 script"));
}

TEST(LintReport, JsonListsTheFindings) {
    std::ostringstream out;
    write_report(out, OutputFormat::json, lint_postgres("DROP TABLE users;\n"), 1);
    const auto report = nlohmann::json::parse(out.str());
    ASSERT_EQ(report["findings"].size(), 1u);
    EXPECT_EQ(report["findings"][0]["rule"], "drop-table");
    EXPECT_EQ(report["findings"][0]["line"], 1);
    EXPECT_EQ(report["findings"][0]["category"], "breaks the previous version");
}

TEST(LintReport, SarifHasTheRulesAndOneResultPerFinding) {
    std::ostringstream out;
    write_report(out, OutputFormat::sarif, lint_postgres("DROP TABLE users;\n"), 1);
    const auto log = nlohmann::json::parse(out.str());
    EXPECT_EQ(log["version"], "2.1.0");
    const auto& run = log["runs"][0];
    EXPECT_EQ(run["tool"]["driver"]["rules"].size(), rules().size());
    ASSERT_EQ(run["results"].size(), 1u);
    EXPECT_EQ(run["results"][0]["ruleId"], "drop-table");
    EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"], 1);
}

TEST(LintReport, AnUnknownFormatIsAUsageError) {
    EXPECT_THROW(parse_output_format("xml"), UsageError);
}

class LintSelection : public testing::Test {
  protected:
    LintSelection() {
        dir_.write("migrations/postgres/V1__users.sql", "CREATE TABLE users (id bigint);\n");
        dir_.write("migrations/postgres/V2__drop.sql", "ALTER TABLE users DROP COLUMN id;\n");
        dir_.write("migrations/postgres/V3__more.sql", "ALTER TABLE users ADD COLUMN a text;\n");
    }
    Selection selection() const {
        Selection selection;
        selection.folder = dir_ / "migrations";
        return selection;
    }
    static std::vector<bool> news(const std::vector<Script>& scripts) {
        std::vector<bool> flags;
        flags.reserve(scripts.size());
        for (const auto& script : scripts) {
            flags.push_back(script.is_new);
        }
        return flags;
    }
    deckhand::test::TempDir dir_{"deckhand-lint"};
};

TEST_F(LintSelection, ByDefaultOnlyTheNewestScriptIsNew) {
    EXPECT_THAT(news(select_scripts(selection())), testing::ElementsAre(false, false, true));
}

TEST_F(LintSelection, SinceAVersionMarksTheNewerScripts) {
    auto wanted = selection();
    wanted.since = "1";
    EXPECT_THAT(news(select_scripts(wanted)), testing::ElementsAre(false, true, true));
}

TEST_F(LintSelection, NamedFilesOfTheFolderAreNewAndKeepTheirContext) {
    auto wanted = selection();
    wanted.files = {dir_ / "migrations/postgres/V2__drop.sql"};
    const auto scripts = select_scripts(wanted);
    EXPECT_THAT(news(scripts), testing::ElementsAre(false, true, false));
    const auto findings = lint(scripts, Options{}, &parse_postgres);
    EXPECT_THAT(rules_of(findings), testing::ElementsAre("drop-column"));
}

TEST_F(LintSelection, SinceAnUnknownRefIsAUsageError) {
    auto wanted = selection();
    wanted.since = "no-such-branch";
    EXPECT_THROW(select_scripts(wanted), UsageError);
}

TEST_F(LintSelection, TheFolderIsReadByTheRulesGivenNotOnlyTheShippedDialects) {
    // A team's driver of dialect mysql: its folder is another dialect's, skipped quietly, and a
    // folder the rules call not migrations (fixtures/) is never read.
    dir_.write("migrations/mysql/V9__never.sql", "\\i elsewhere.sql\n");
    dir_.write("migrations/fixtures/V8__never.sql", "\\i elsewhere.sql\n");
    std::vector<std::string> warnings;
    auto wanted = selection();
    wanted.warn = [&warnings](const std::string& warning) { warnings.push_back(warning); };
    script::FolderRules rules;
    rules.dialect = "postgres";
    rules.other_dialects = {"mysql", "sqlite"};
    rules.not_migrations = {"fixtures", "seed"};
    wanted.folder_rules = [rules] { return rules; };
    EXPECT_THAT(news(select_scripts(wanted)), testing::ElementsAre(false, false, true));
    EXPECT_THAT(warnings, testing::IsEmpty());
    // By the rules of the dialects deckhand ships, both are folders of no known purpose: skipped,
    // each with a warning.
    wanted.folder_rules = nullptr;
    EXPECT_THAT(news(select_scripts(wanted)), testing::ElementsAre(false, false, true));
    EXPECT_THAT(warnings, testing::ElementsAre(HasSubstr("migrations/fixtures: migrations go in"),
                                               HasSubstr("migrations/mysql: migrations go in")));
}

TEST_F(LintSelection, AMissingFolderWithNoFilesIsAConfigError) {
    Selection wanted;
    wanted.folder = dir_ / "nowhere";
    EXPECT_THROW(select_scripts(wanted), ConfigError);
}

}  // namespace
}  // namespace deckhand::lint
