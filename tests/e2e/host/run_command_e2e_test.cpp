// run_command.hpp through the installed deckhand: the test plugin `relay` runs the greeter's
// `greet` from inside itself, with its arguments parsed as on the command line (deckhand.opts
// included), its output captured, its errors and exit status passed on, and a command that
// already ran (or is running) refused.
#include "e2e_fixture.hpp"

namespace deckhand::test {
namespace {

using ::testing::HasSubstr;

class RunCommandEndToEnd : public InstalledDeckhand {
  protected:
    RunCommandEndToEnd() {
        add_test_plugin("greeter");
        add_test_plugin("relay");
    }
};

TEST_F(RunCommandEndToEnd, ACommandRunsAnotherPluginsCommandAndGetsItsOutput) {
    auto result = deckhand({"relay", "--", "greet", "--name", "crew", "--times", "2"});
    EXPECT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_EQ(result.out, "offered: yes\nrelayed: hello, crew\nrelayed: hello, crew\nstatus: 0\n");
}

TEST_F(RunCommandEndToEnd, DeckhandOptsCompletesTheArgumentsAsOnTheCommandLine) {
    work().write("deckhand.opts", "--name from-opts\n");
    auto result = deckhand({"relay", "greet"});
    EXPECT_EQ(result.exit_code, 0) << shown(result);
    EXPECT_THAT(result.out, HasSubstr("relayed: hello, from-opts\n"));
}

TEST_F(RunCommandEndToEnd, ErrorsAndStatusesOfTheCommandReachTheCaller) {
    auto failed = deckhand({"relay", "--", "greet", "--name", "crew", "--fail"});
    EXPECT_EQ(failed.exit_code, 1) << shown(failed);
    EXPECT_THAT(failed.err, HasSubstr("greeting crew failed on purpose"));
    auto usage = deckhand({"relay", "--", "greet", "--times", "0"});
    EXPECT_EQ(usage.exit_code, 2) << shown(usage);
    EXPECT_THAT(usage.err, HasSubstr("--times must be at least 1"));
    auto unknown = deckhand({"relay", "--", "greet", "--shout"});
    EXPECT_EQ(unknown.exit_code, 2) << shown(unknown);
}

TEST_F(RunCommandEndToEnd, ACommandNoPluginOffersIsAUsageError) {
    auto result = deckhand({"relay", "nothing-here"});
    EXPECT_EQ(result.exit_code, 2) << shown(result);
    EXPECT_THAT(result.out, HasSubstr("offered: no"));
    EXPECT_THAT(result.err, HasSubstr("no plugin offers the command 'nothing-here'"));
}

TEST_F(RunCommandEndToEnd, ACommandRunsOnceARun) {
    auto twice = deckhand({"relay", "--twice", "greet"});
    EXPECT_EQ(twice.exit_code, 1) << shown(twice);
    EXPECT_THAT(twice.out, HasSubstr("relayed: hello, world\nstatus: 0\n"));
    EXPECT_THAT(twice.err, HasSubstr("the command 'greet' already ran in this deckhand run"));
    auto itself = deckhand({"relay", "relay"});
    EXPECT_EQ(itself.exit_code, 1) << shown(itself);
    EXPECT_THAT(itself.err, HasSubstr("the command 'relay' already ran"));
}

}  // namespace
}  // namespace deckhand::test
