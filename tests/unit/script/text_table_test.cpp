// The aligned text table.
#include "deckhand/text_table.hpp"

#include <gtest/gtest.h>

#include <string>

namespace deckhand {
namespace {

TEST(TextTable, AlignsColumnsAndTrimsTrailingBlanks) {
    TextTable table({"VERSION", "DESCRIPTION", "MS"});
    table.align(2, TextTable::Align::right);
    table.add_row({"1", "create blog posts", "12"});
    table.add_row({"10.1", "añadir categorías", "3"});
    table.add_row({"2"});
    EXPECT_EQ(table.str(),
              "VERSION  DESCRIPTION        MS\n"
              "1        create blog posts  12\n"
              "10.1     añadir categorías   3\n"
              "2\n");
    EXPECT_EQ(table.row_count(), 3u);
}

TEST(TextTable, RefusesRowsWiderThanTheHeader) {
    TextTable table({"A"});
    EXPECT_THROW(table.add_row({"1", "2"}), std::invalid_argument);
    EXPECT_THROW(table.align(3, TextTable::Align::right), std::invalid_argument);
}

TEST(TextTable, CountsCharactersNotBytes) {
    EXPECT_EQ(display_width("categorías"), 10u);
    EXPECT_EQ(display_width(""), 0u);
    // Long enough to be counted eight bytes at a time, with two- to four-byte characters on
    // both sides of each eight-byte boundary and in the tail.
    EXPECT_EQ(display_width("ñandú über straße 東京タワー €100 😀 fin"), 34u);
    EXPECT_EQ(display_width("aaaaaaa\xc3\xa9"
                            "bbbbbbb"),
              15u);
    EXPECT_EQ(display_width(std::string(64, 'x')), 64u);
}

}  // namespace
}  // namespace deckhand
