// Offsets to lines and columns.
#include "deckhand/script/line_index.hpp"

#include <gtest/gtest.h>

namespace deckhand::script {
namespace {

TEST(LineIndex, MapsOffsetsToLinesAndColumns) {
    std::string text = "ab\ncd\n\nef";
    LineIndex index(text);
    EXPECT_EQ(index.line_count(), 4u);
    EXPECT_EQ(index.line_of(0), 1u);
    EXPECT_EQ(index.line_of(2), 1u);  // the newline belongs to its line
    EXPECT_EQ(index.line_of(3), 2u);
    EXPECT_EQ(index.column_of(4), 2u);
    EXPECT_EQ(index.line_of(6), 3u);
    EXPECT_EQ(index.line_of(7), 4u);
    EXPECT_EQ(index.line_of(1000), 4u);
    for (std::size_t offset = 0; offset <= text.size(); ++offset) {
        EXPECT_EQ(line_at(text, offset), index.line_of(offset)) << offset;
    }
}

}  // namespace
}  // namespace deckhand::script
