// Byte offsets to line numbers, so that an error the database reports at an offset can name
// the file and line a person opens in an editor.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand::script {

class DECKHAND_API LineIndex {
  public:
    explicit LineIndex(std::string_view text);

    // 1-based line holding the byte at `offset` (offsets past the end give the last line).
    std::size_t line_of(std::size_t offset) const noexcept;
    // 1-based column, in bytes, of `offset` within its line.
    std::size_t column_of(std::size_t offset) const noexcept;
    std::size_t line_count() const noexcept { return starts_.size(); }

  private:
    std::vector<std::size_t> starts_;  // offset of the first byte of each line
};

// One-off form of LineIndex::line_of, for a single lookup.
DECKHAND_API std::size_t line_at(std::string_view text, std::size_t offset) noexcept;

}  // namespace deckhand::script
