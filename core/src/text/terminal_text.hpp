// Text that deckhand prints to a terminal or a log, made harmless: messages echo file names,
// values and server messages, and a control character in one of them (an escape sequence, a
// carriage return) must never reach the terminal as such.
#pragma once

#include <string>
#include <string_view>

#include "deckhand/export.hpp"

namespace deckhand {

// `text` with every control character escaped: C0 controls but tab as \r, \n (unless
// `keep_newlines`) or \xNN; DEL as \x7f; C1 controls, the line and paragraph separators and the
// bidirectional overrides of Unicode as \uNNNN; a byte that is not part of valid UTF-8 as \xNN.
// Everything else, UTF-8 included, is left as it is.
DECKHAND_API std::string escape_control_characters(std::string_view text, bool keep_newlines);

}  // namespace deckhand
