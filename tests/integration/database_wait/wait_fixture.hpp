// The base of the database-wait tests: a working folder with one migration, one seed script and
// one task, and the deckhand executable of this build run against a URL the test names (the
// suite's server, a server of the test's own started late, or a port nothing listens on).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::test {

class WaitTest : public ::testing::Test {
  protected:
    WaitTest();

    // deckhand --database-url URL --migrations ... --commands ... ARGS
    std::vector<std::string> argv(const std::string& url,
                                  const std::vector<std::string>& args) const;
    ProcessResult run(const std::string& url, const std::vector<std::string>& args,
                      ProcessOptions options = {}) const;
    BackgroundProcess start(const std::string& url, const std::vector<std::string>& args,
                            ProcessOptions options = {}) const;

    // Pumps the process's output until its stderr holds `text`; false if it ended first or
    // `timeout` passed.
    static bool wait_for_output(BackgroundProcess& process, const std::string& text,
                                std::chrono::milliseconds timeout = std::chrono::seconds(20));

    // A URL of the suite's server with this password instead of the right one, and one of a
    // port of 127.0.0.1 that nothing listens on.
    static std::string url_with_password(const std::string& password,
                                         const std::string& database = "postgres");
    static std::string refused_url();

    // "exit N", stdout and stderr, for failure messages.
    static std::string shown(const ProcessResult& result);

    const TempDir& dir() const { return dir_; }

  private:
    ProcessOptions with_defaults(ProcessOptions options) const;

    TempDir dir_{"deckhand-wait"};
};

}  // namespace deckhand::test
