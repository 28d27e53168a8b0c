// Just enough lexing of SQL text to find where statements start: the driver reports error
// offsets at a statement's first token, not at the blank lines and comments before it.
#pragma once

#include <cstddef>
#include <string_view>

namespace deckhand::sqlite {

// The first position at or after `position` that is not whitespace, a ';', a -- comment or a
// /* comment */; sql.size() when only such text remains.
std::size_t skip_blank(std::string_view sql, std::size_t position);

}  // namespace deckhand::sqlite
