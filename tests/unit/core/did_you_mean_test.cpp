// Suggestions for mistyped names.
#include "cli/did_you_mean.hpp"

#include <gtest/gtest.h>

using deckhand::cli::did_you_mean;

namespace {
const std::vector<std::string> commands{"baseline", "help",        "migrate", "plugins",
                                        "repair",   "seed",        "status",  "validate",
                                        "version",  "wait-for-job"};
}

TEST(DidYouMean, SuggestsTheClosestCommand) {
    EXPECT_EQ(did_you_mean("migrat", commands), "migrate");
    EXPECT_EQ(did_you_mean("mgirate", commands), "migrate");  // transposition
    EXPECT_EQ(did_you_mean("stauts", commands), "status");
    EXPECT_EQ(did_you_mean("wait-for-jbo", commands), "wait-for-job");
}

TEST(DidYouMean, SuggestsAUniquePrefix) {
    EXPECT_EQ(did_you_mean("wait", commands), "wait-for-job");
}

TEST(DidYouMean, StaysQuietWhenNothingIsClose) {
    EXPECT_FALSE(did_you_mean("deploy", commands).has_value());
    EXPECT_FALSE(did_you_mean("v", commands).has_value());
    EXPECT_FALSE(did_you_mean("", commands).has_value());
}
