// The text table writer.
#include "deckhand/text_table.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace deckhand {

std::size_t display_width(std::string_view text) noexcept {
    // Continuation bytes (10xxxxxx) counted eight at a time: `status` measures every cell of
    // tables with ten thousand rows.
    constexpr std::uint64_t high_bits = 0x8080808080808080ULL;
    std::size_t continuation = 0;
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + i, sizeof word);
        // Shifted left by one, each byte's bit 6 lands on its bit 7: set there means "not 10".
        continuation += static_cast<std::size_t>(std::popcount(word & ~(word << 1) & high_bits));
    }
    for (; i < text.size(); ++i) {
        continuation += (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80 ? 1 : 0;
    }
    return text.size() - continuation;
}

TextTable::TextTable(std::vector<std::string> headers)
    : headers_(std::move(headers)), alignments_(headers_.size(), Align::left) {}

void TextTable::align(std::size_t column, Align alignment) {
    if (column >= alignments_.size()) {
        throw std::invalid_argument("TextTable::align: no such column");
    }
    alignments_[column] = alignment;
}

void TextTable::add_row(std::vector<std::string> cells) {
    if (cells.size() > headers_.size()) {
        throw std::invalid_argument("TextTable::add_row: more cells than columns");
    }
    cells.resize(headers_.size());
    rows_.push_back(std::move(cells));
}

void TextTable::write(std::ostream& out) const {
    std::vector<std::size_t> widths(headers_.size());
    for (std::size_t c = 0; c < headers_.size(); ++c) {
        widths[c] = display_width(headers_[c]);
    }
    for (const auto& row : rows_) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            widths[c] = std::max(widths[c], display_width(row[c]));
        }
    }
    auto write_row = [&](const std::vector<std::string>& row) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::size_t pad = widths[c] - display_width(row[c]);
            if (c > 0) {
                line += "  ";
            }
            if (alignments_[c] == Align::right) {
                line.append(pad, ' ');
            }
            line += row[c];
            if (alignments_[c] == Align::left) {
                line.append(pad, ' ');
            }
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out << line << '\n';
    };
    write_row(headers_);
    for (const auto& row : rows_) {
        write_row(row);
    }
}

std::string TextTable::str() const {
    std::ostringstream out;
    write(out);
    return out.str();
}

}  // namespace deckhand
