// The lint corpus: every file under corpus/<dialect>/ is a case (see corpus_case.hpp) that says
// which rules the new script must raise, and the engine must raise exactly those, no more.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "corpus_case.hpp"
#include "deckhand/lint/pg_parser.hpp"
#include "deckhand/lint/rules.hpp"
#include "deckhand/script/directives.hpp"
#include "deckhand/script/transaction_needs.hpp"

namespace fs = std::filesystem;

namespace deckhand::lint::test {

namespace {

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> list;
    for (std::string word; in >> word;) {
        list.push_back(word);
    }
    return list;
}

void finish(Script& script, Dialect dialect) {
    const auto sql =
        dialect == Dialect::postgres ? script::SqlDialect::postgres : script::SqlDialect::sqlite;
    const auto directives = script::scan_directives(script.text, sql, script.path);
    script.transactional = !script::has_directive(directives, "no-transaction") &&
                           !script::transaction_needs(script.text, sql).none_may_run_in_one();
}

}  // namespace

CorpusCase read_case(const fs::path& file) {
    CorpusCase result;
    result.name = file.parent_path().filename().string() + "/" + file.filename().string();
    result.options.dialect =
        file.parent_path().filename() == "sqlite" ? Dialect::sqlite : Dialect::postgres;
    std::ifstream in(file);
    bool in_script = false;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("-- file: ", 0) == 0) {
            if (in_script) {
                finish(result.scripts.back(), result.options.dialect);
            }
            auto parts = words(line.substr(9));
            Script script;
            script.is_new = !parts.empty() && parts.front() == "new";
            script.path = parts.empty() ? "V?.sql" : parts.back();
            script.post = script.path.rfind("post/", 0) == 0;
            result.scripts.push_back(std::move(script));
            in_script = true;
        } else if (in_script) {
            result.scripts.back().text += line + "\n";
        } else if (line.rfind("-- expect:", 0) == 0) {
            for (const auto& word : words(line.substr(10))) {
                if (word == "clean") {
                    continue;
                }
                const auto at = word.find('@');
                result.expected.push_back(
                    {word.substr(0, at),
                     at == std::string::npos ? 0 : std::stoul(word.substr(at + 1))});
            }
        } else if (line.rfind("-- postgres-version:", 0) == 0) {
            result.options.postgres_version = std::stoi(line.substr(20));
        } else if (line.rfind("-- lock-timeout: off", 0) == 0) {
            result.options.lock_timeout_in_force = false;
        }
    }
    if (in_script) {
        finish(result.scripts.back(), result.options.dialect);
    }
    return result;
}

namespace {

std::vector<fs::path> corpus_files() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(DECKHAND_LINT_CORPUS)) {
        if (entry.is_regular_file() && entry.path().extension() == ".sql") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string test_name(const testing::TestParamInfo<fs::path>& info) {
    std::string name =
        info.param.parent_path().filename().string() + "_" + info.param.stem().string();
    std::replace_if(
        name.begin(), name.end(),
        [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
    return name;
}

class LintCorpus : public testing::TestWithParam<fs::path> {};

TEST_P(LintCorpus, RaisesExactlyTheExpectedRules) {
    const CorpusCase corpus_case = read_case(GetParam());
    ASSERT_FALSE(corpus_case.scripts.empty()) << corpus_case.name << " has no -- file: section";
    const auto findings = lint(corpus_case.scripts, corpus_case.options, &parse_postgres);
    std::vector<std::string> raised;
    std::string shown;
    for (const auto& finding : findings) {
        raised.push_back(finding.rule);
        shown += "  " + finding.file + ":" + std::to_string(finding.line) + ":" +
                 std::to_string(finding.column) + " " + finding.rule + " " + finding.message + "\n";
    }
    std::vector<std::string> expected;
    for (const auto& want : corpus_case.expected) {
        expected.push_back(want.rule);
        if (want.line != 0) {
            const bool at_line = std::any_of(
                findings.begin(), findings.end(),
                [&](const Finding& f) { return f.rule == want.rule && f.line == want.line; });
            EXPECT_TRUE(at_line) << corpus_case.name << ": expected " << want.rule << " at line "
                                 << want.line << "; found:\n"
                                 << shown;
        }
    }
    EXPECT_THAT(raised, testing::UnorderedElementsAreArray(expected))
        << corpus_case.name << " found:\n"
        << shown;
}

INSTANTIATE_TEST_SUITE_P(Cases, LintCorpus, testing::ValuesIn(corpus_files()), test_name);

TEST(LintCorpusSize, HoldsAtLeastEightyCasesOfBothDialects) {
    std::size_t postgres = 0;
    std::size_t sqlite = 0;
    std::size_t clean = 0;
    for (const auto& file : corpus_files()) {
        (file.parent_path().filename() == "sqlite" ? sqlite : postgres) += 1;
        clean += read_case(file).expected.empty() ? 1 : 0;
    }
    EXPECT_GE(postgres + sqlite, 80u);
    EXPECT_GE(sqlite, 15u);
    EXPECT_GE(clean, 20u);
}

TEST(LintCorpusSize, FlagsEveryRuleAtLeastOnce) {
    std::set<std::string> flagged;
    for (const auto& file : corpus_files()) {
        for (const auto& expected : read_case(file).expected) {
            flagged.insert(expected.rule);
        }
    }
    for (const auto& rule : rules()) {
        EXPECT_EQ(flagged.count(std::string(rule.id)), 1u) << rule.id << " has no corpus case";
    }
}

}  // namespace

}  // namespace deckhand::lint::test
