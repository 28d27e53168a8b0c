// Line starts found once, then binary search per lookup.
#include "deckhand/script/line_index.hpp"

#include <algorithm>

namespace deckhand::script {

LineIndex::LineIndex(std::string_view text) {
    starts_.push_back(0);
    for (std::size_t pos = text.find('\n'); pos != std::string_view::npos;
         pos = text.find('\n', pos + 1)) {
        starts_.push_back(pos + 1);
    }
}

std::size_t LineIndex::line_of(std::size_t offset) const noexcept {
    auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
    return static_cast<std::size_t>(after - starts_.begin());
}

std::size_t LineIndex::column_of(std::size_t offset) const noexcept {
    return offset - starts_[line_of(offset) - 1] + 1;
}

std::size_t line_at(std::string_view text, std::size_t offset) noexcept {
    offset = std::min(offset, text.size());
    return 1 + static_cast<std::size_t>(std::count(
                   text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

}  // namespace deckhand::script
