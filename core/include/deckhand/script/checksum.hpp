// Script text as deckhand stores and compares it: one normal form (no byte-order mark, LF line
// ends) and the SHA-256 of that form, so that a file checked out with CRLF on one machine and
// LF on another has one checksum.
#pragma once

#include <string>
#include <string_view>

#include "deckhand/export.hpp"

namespace deckhand::script {

// Drops a leading UTF-8 byte-order mark and turns CRLF and lone CR into LF. Line numbers of
// the result match what an editor shows for the original.
DECKHAND_API std::string normalize_script_text(std::string_view raw);

// SHA-256 of `data` as 64 lower-case hex digits.
DECKHAND_API std::string sha256_hex(std::string_view data);

// The checksum of a script: SHA-256 of its normalised text without the blank space at the very
// end of the file (a final newline added or removed by an editor changes nothing). Spaces at
// the ends of lines inside the file do count: they can matter inside a string literal.
DECKHAND_API std::string script_checksum(std::string_view normalized_text);

}  // namespace deckhand::script
