// Writing JSON text by hand where building a document first costs too much (status of ten
// thousand migrations): strings quoted and escaped the way every JSON parser reads them back.
#pragma once

#include <string>
#include <string_view>

#include "deckhand/export.hpp"

namespace deckhand {

// Appends `text` to `out` as a JSON string: in quotes, with '"', '\\' and control characters
// escaped, UTF-8 kept as it is, and each byte that is not part of valid UTF-8 replaced by
// U+FFFD, so that the output is always valid JSON.
DECKHAND_API void append_json_string(std::string& out, std::string_view text);

}  // namespace deckhand
