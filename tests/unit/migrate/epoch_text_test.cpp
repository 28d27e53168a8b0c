// Epoch seconds (PostgreSQL's date_part('epoch', ...)) to the installed_on text deckhand shows.
#include "epoch_text.hpp"

#include <gtest/gtest.h>

namespace deckhand::migrate {
namespace {

TEST(EpochText, WritesUtcWithMillisecondsCutNotRounded) {
    EXPECT_EQ(iso8601_from_epoch_seconds("0"), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(iso8601_from_epoch_seconds("1795235492.107123"), "2026-11-21T04:31:32.107Z");
    EXPECT_EQ(iso8601_from_epoch_seconds("1709251199.9996"), "2024-02-29T23:59:59.999Z");
    EXPECT_EQ(iso8601_from_epoch_seconds("951782400"), "2000-02-29T00:00:00.000Z");
    EXPECT_EQ(iso8601_from_epoch_seconds("4133980799.5"), "2100-12-31T23:59:59.500Z");
    EXPECT_EQ(iso8601_from_epoch_seconds("253402300799.5"), "9999-12-31T23:59:59.500Z");
}

TEST(EpochText, CountsBackwardsBefore1970) {
    EXPECT_EQ(iso8601_from_epoch_seconds("-0.001"), "1969-12-31T23:59:59.999Z");
    EXPECT_EQ(iso8601_from_epoch_seconds("-86400"), "1969-12-31T00:00:00.000Z");
    EXPECT_EQ(iso8601_from_epoch_seconds("-62167219200"), "0000-01-01T00:00:00.000Z");
}

TEST(EpochText, RefusesWhatIsNotAShowableTime) {
    for (const char* text : {"", "abc", "12x", "Infinity", "-Infinity", "NaN", "1e13",
                             "253402300800", "-62167219200.001"}) {
        EXPECT_EQ(iso8601_from_epoch_seconds(text), std::nullopt) << text;
    }
}

}  // namespace
}  // namespace deckhand::migrate
