// Aligned plain-text tables for people (status, tasks, doctor): a header row, then rows, columns
// separated by two spaces, widths counted in characters (UTF-8 aware), no trailing blanks.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand {

class DECKHAND_API TextTable {
  public:
    enum class Align { left, right };

    explicit TextTable(std::vector<std::string> headers);

    // Numbers read best right-aligned.
    void align(std::size_t column, Align alignment);
    // Missing cells are empty; extra cells are an error (std::invalid_argument).
    void add_row(std::vector<std::string> cells);

    std::size_t row_count() const noexcept { return rows_.size(); }
    void write(std::ostream& out) const;
    std::string str() const;

  private:
    std::vector<std::string> headers_;
    std::vector<Align> alignments_;
    std::vector<std::vector<std::string>> rows_;
};

// Characters (UTF-8 code points) in `text`: what a terminal shows, near enough.
DECKHAND_API std::size_t display_width(std::string_view text) noexcept;

}  // namespace deckhand
