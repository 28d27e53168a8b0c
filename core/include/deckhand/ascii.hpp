// ASCII case folding for names deckhand compares without case (URL schemes, placeholder names,
// task parameter values), independent of the C locale.
#pragma once

#include <string>
#include <string_view>

#include "deckhand/export.hpp"

namespace deckhand {

// `text` with A-Z turned into a-z; every other byte, UTF-8 included, left as it is.
DECKHAND_API std::string ascii_lower(std::string_view text);

}  // namespace deckhand
