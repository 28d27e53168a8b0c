// The installed deckhand (from the CTest install fixture) and a private plugin folder holding
// the test plugins a test asks for.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::test {

class InstalledDeckhand : public ::testing::Test {
  protected:
    InstalledDeckhand() {
        std::filesystem::permissions(work_.path(), std::filesystem::perms(0755));
        std::filesystem::create_directories(plugins());
        std::filesystem::permissions(plugins(), std::filesystem::perms(0755));
    }

    static std::filesystem::path prefix() { return DECKHAND_E2E_PREFIX; }
    std::filesystem::path plugins() const { return work_.path() / "plugins"; }
    const TempDir& work() const { return work_; }

    void add_test_plugin(const std::string& name) const {
        std::filesystem::copy_file(
            std::filesystem::path(DECKHAND_TEST_PLUGIN_ROOT) / name / (name + ".so"),
            plugins() / (name + ".so"));
    }

    // A copy of the installation that a test may break; its deckhand finds its plugins beside it.
    std::filesystem::path copy_installation() const {
        auto copy = work_.path() / "copy";
        std::filesystem::copy(prefix(), copy, std::filesystem::copy_options::recursive);
        return copy;
    }
    static std::filesystem::path installed_plugins(const std::filesystem::path& root) {
        return root / "lib" / "deckhand" / "plugins";
    }
    static std::filesystem::path binary(const std::filesystem::path& root) {
        return root / "bin" / "deckhand";
    }

    // Runs <prefix>/bin/deckhand (or `binary`) in the work folder with the test plugins.
    ProcessResult deckhand(std::vector<std::string> args, ProcessOptions options = {},
                           const std::filesystem::path& binary = {}) const {
        if (options.working_dir.empty()) {
            options.working_dir = work_.path();
        }
        std::vector<std::string> argv{
            (binary.empty() ? prefix() / "bin" / "deckhand" : binary).string(), "--plugin-dir",
            plugins().string()};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_process(argv, options);
    }

  private:
    TempDir work_{"deckhand-e2e"};
};

// The exit status and both streams of a run, for failure messages.
inline std::string shown(const ProcessResult& result) {
    return "exit " + std::to_string(result.exit_code) + "\nstdout:\n" + result.out + "\nstderr:\n" +
           result.err;
}

// The lines of `text` that contain `needle`.
inline std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
    std::vector<std::string> found;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.find(needle) != std::string::npos) {
            found.push_back(line);
        }
    }
    return found;
}

// Asserts the run failed with exit 2 and one error line that names `file` and says `why`, and
// that nothing crashed on the way.
inline void expect_refusal(const ProcessResult& result, const std::filesystem::path& file,
                           const std::string& why) {
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    auto lines = lines_with(result.err, file.string());
    ASSERT_EQ(lines.size(), 1u) << shown(result);
    EXPECT_THAT(lines.front(), ::testing::HasSubstr(why)) << shown(result);
    EXPECT_THAT(result.err, ::testing::Not(::testing::HasSubstr("terminate"))) << shown(result);
}

// A PostgreSQL URL nothing listens on (port 1), with a password to prove it is never shown.
inline const std::string unreachable_postgres = "postgres://app:s3cret@127.0.0.1:1/app";

}  // namespace deckhand::test
