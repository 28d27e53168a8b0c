// Durations as users write them, and as deckhand prints them.
#include "deckhand/duration.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/program_options.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "deckhand/duration_option.hpp"
#include "deckhand/errors.hpp"

using namespace std::chrono_literals;
using deckhand::format_duration;
using deckhand::parse_duration;

TEST(Duration, AcceptsUnitsCombinationsAndPlainSeconds) {
    EXPECT_EQ(parse_duration("90s", "--timeout"), 90s);
    EXPECT_EQ(parse_duration("5m", "--timeout"), 5min);
    EXPECT_EQ(parse_duration("1h30m", "--timeout"), 90min);
    EXPECT_EQ(parse_duration("250ms", "--timeout"), 250ms);
    EXPECT_EQ(parse_duration("45", "--timeout"), 45s);
    EXPECT_EQ(parse_duration("1d", "--timeout"), 24h);
}

TEST(Duration, RejectsMalformedTextNamingTheFlag) {
    for (const char* bad : {"", "m", "5x", "1m30", "-5s", "5 m", "1.5s", "99999999999999s"}) {
        try {
            parse_duration(bad, "--lock-timeout");
            ADD_FAILURE() << "accepted '" << bad << "'";
        } catch (const deckhand::UsageError& e) {
            EXPECT_NE(std::string(e.what()).find("--lock-timeout"), std::string::npos) << e.what();
        }
    }
}

TEST(Duration, FormatsTheShortestForm) {
    EXPECT_EQ(format_duration(90min), "1h30m");
    EXPECT_EQ(format_duration(5min), "5m");
    EXPECT_EQ(format_duration(0ms), "0s");
    EXPECT_EQ(format_duration(250ms), "250ms");
    EXPECT_EQ(format_duration(75250ms), "75.25s");
    // Progress lines say milliseconds below a second, zero included.
    EXPECT_EQ(deckhand::format_elapsed(0ms), "0ms");
    EXPECT_EQ(deckhand::format_elapsed(999ms), "999ms");
    EXPECT_EQ(deckhand::format_elapsed(1000ms), "1s");
    EXPECT_EQ(deckhand::format_elapsed(75250ms), "75.25s");
}

TEST(DurationOption, IsReadAsTheOptionIsParsedAndABadValueNamesTheFlag) {
    namespace po = boost::program_options;
    deckhand::DurationOption timeout{10min};
    po::options_description options;
    options.add_options()("timeout", po::value(&timeout)->default_value(timeout), "");
    auto parse = [&](const std::vector<std::string>& args) {
        po::variables_map values;
        po::store(po::command_line_parser(args).options(options).run(), values);
        po::notify(values);
    };
    parse({});
    EXPECT_EQ(timeout.value, 10min);
    parse({"--timeout", "1h30m"});
    EXPECT_EQ(timeout.value, 90min);
    parse({"--timeout=250ms"});
    EXPECT_EQ(timeout.value, 250ms);
    try {
        parse({"--timeout", "5x"});
        FAIL() << "5x was accepted";
    } catch (const deckhand::DurationOptionError& e) {
        EXPECT_STREQ(e.what(),
                     "--timeout expects a duration such as 90s, 5m, 1h30m or 250ms, not '5x'");
    }
}

namespace {

namespace po = boost::program_options;

// One --lock-timeout option, as a command declares it, read from `args`.
std::chrono::milliseconds read_lock_timeout(const std::vector<std::string>& args) {
    deckhand::DurationOption lock_timeout{5min};
    po::options_description options;
    options.add_options()("lock-timeout", po::value(&lock_timeout)->default_value(lock_timeout),
                          "");
    po::variables_map values;
    po::store(po::command_line_parser(args).options(options).run(), values);
    po::notify(values);
    return lock_timeout.value;
}

// The --help line of an option declared with `duration` as its default.
std::string help_line(deckhand::DurationOption duration) {
    po::options_description options;
    options.add_options()("timeout", po::value(&duration)->default_value(duration)->value_name("D"),
                          "how long");
    std::ostringstream help;
    help << options;
    return help.str();
}

}  // namespace

TEST(DurationOption, TakesEveryFormParseDurationTakes) {
    EXPECT_EQ(read_lock_timeout({}), 5min);
    EXPECT_EQ(read_lock_timeout({"--lock-timeout", "90s"}), 90s);
    EXPECT_EQ(read_lock_timeout({"--lock-timeout", "5m"}), 5min);
    EXPECT_EQ(read_lock_timeout({"--lock-timeout=1h30m"}), 90min);
    EXPECT_EQ(read_lock_timeout({"--lock-timeout", "250ms"}), 250ms);
    EXPECT_EQ(read_lock_timeout({"--lock-timeout", "45"}), 45s);
    EXPECT_EQ(read_lock_timeout({"--lock-timeout", "1d"}), 24h);
    EXPECT_EQ(read_lock_timeout({"--lock-timeout", "0"}), 0ms);
    EXPECT_EQ(read_lock_timeout({"--lock-timeout", "1m30s"}), 90s);
}

TEST(DurationOption, RefusesEachMalformedFormWithOneSentenceNamingTheFlagAndTheValue) {
    for (const char* bad :
         {"", "m", "5x", "1m30", "-5s", "5 m", "1.5s", "99999999999999s", "soon", "5M", "10 "}) {
        try {
            read_lock_timeout({"--lock-timeout", bad});
            ADD_FAILURE() << "accepted '" << bad << "'";
        } catch (const deckhand::DurationOptionError& e) {
            EXPECT_EQ(std::string(e.what()),
                      "--lock-timeout expects a duration such as 90s, 5m, 1h30m or 250ms, not '" +
                          std::string(bad) + "'");
        }
    }
}

TEST(DurationOption, GivenTwiceIsRefusedAsProgramOptionsRefusesAnyValue) {
    EXPECT_THROW(read_lock_timeout({"--lock-timeout", "1s", "--lock-timeout", "2s"}),
                 po::multiple_occurrences);
}

TEST(DurationOption, HelpShowsTheDefaultAsFormatDurationWritesIt) {
    EXPECT_THAT(help_line(10min), testing::HasSubstr("--timeout D (=10m)"));
    EXPECT_THAT(help_line(5min), testing::HasSubstr("--timeout D (=5m)"));
    EXPECT_THAT(help_line(10s), testing::HasSubstr("--timeout D (=10s)"));
    EXPECT_THAT(help_line(90min), testing::HasSubstr("--timeout D (=1h30m)"));
    EXPECT_THAT(help_line(250ms), testing::HasSubstr("--timeout D (=250ms)"));
    EXPECT_THAT(help_line(0ms), testing::HasSubstr("--timeout D (=0s)"));
    std::ostringstream written;
    written << deckhand::DurationOption{2h};
    EXPECT_EQ(written.str(), "2h");
}
