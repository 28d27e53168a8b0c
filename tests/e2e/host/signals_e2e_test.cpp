// SIGTERM and SIGINT reach the running command as a cancellation, and the process exits with
// 128+N soon after; a second signal ends it at once.
#include <signal.h>

#include "e2e_fixture.hpp"

using deckhand::test::BackgroundProcess;
using deckhand::test::InstalledDeckhand;
using namespace std::chrono_literals;

namespace {

// Starts `wait-for-signal` and returns once it has said it is waiting.
std::unique_ptr<BackgroundProcess> start_waiting(const InstalledDeckhand& fixture,
                                                 const std::filesystem::path& bin,
                                                 const std::filesystem::path& plugins,
                                                 const std::filesystem::path& cwd) {
    deckhand::test::ProcessOptions options;
    options.working_dir = cwd;
    auto process = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{bin.string(), "--plugin-dir", plugins.string(), "wait-for-signal"},
        options);
    (void)fixture;
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (process->out().find("waiting") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
        if (process->wait_for(20ms)) {
            break;
        }
    }
    return process;
}

}  // namespace

class SignalsEndToEnd : public InstalledDeckhand {
  protected:
    SignalsEndToEnd() { add_test_plugin("greeter"); }

    void expect_exit_on(int signal_number, int expected_status) {
        auto process =
            start_waiting(*this, prefix() / "bin" / "deckhand", plugins(), work().path());
        ASSERT_NE(process->out().find("waiting"), std::string::npos) << process->err();
        auto sent = std::chrono::steady_clock::now();
        process->signal(signal_number);
        auto result = process->wait_for(5s);
        ASSERT_TRUE(result.has_value()) << "still running 5 s after the signal";
        EXPECT_EQ(result->exit_code, expected_status) << result->err;
        EXPECT_LT(std::chrono::steady_clock::now() - sent, 2s);
        EXPECT_THAT(result->err, testing::HasSubstr("cancelled by"));
    }
};

TEST_F(SignalsEndToEnd, SigtermCancelsAndExits143) {
    expect_exit_on(SIGTERM, 143);
}

TEST_F(SignalsEndToEnd, SigintCancelsAndExits130) {
    expect_exit_on(SIGINT, 130);
}
