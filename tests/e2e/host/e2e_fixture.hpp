// The installed deckhand (from the CTest install fixture) and a private plugin folder holding
// the test plugins a test asks for.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

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

    // Runs <prefix>/bin/deckhand (or `binary`) in the work folder with the test plugins.
    ProcessResult deckhand(std::vector<std::string> args, ProcessOptions options = {},
                           const std::filesystem::path& binary = {}) const {
        if (options.working_dir.empty()) { options.working_dir = work_.path();
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

}  // namespace deckhand::test
