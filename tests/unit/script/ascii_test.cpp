// ASCII case folding: A-Z only, whatever the locale; other bytes (UTF-8 included) untouched.
#include "deckhand/ascii.hpp"

#include <gtest/gtest.h>

namespace deckhand {
namespace {

TEST(Ascii, LowersOnlyTheAsciiLetters) {
    EXPECT_EQ(ascii_lower("PostgreSQL://Host"), "postgresql://host");
    EXPECT_EQ(ascii_lower("already lower 123_-."), "already lower 123_-.");
    EXPECT_EQ(ascii_lower(""), "");
    EXPECT_EQ(ascii_lower("ÉCOLE Ünïcode"), "École Ünïcode");
    EXPECT_EQ(ascii_lower("@[`{"), "@[`{");  // the bytes beside A-Z and a-z stay
}

}  // namespace
}  // namespace deckhand
