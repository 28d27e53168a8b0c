// What to say when an unknown command is another migration tool's word (Flyway's `info`,
// dbmate's `up`, golang-migrate's `force`) or a near miss of one of deckhand's own.
#pragma once

#include <string>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand::cli {

// The end of the "unknown command 'NAME'" sentence: "; did you mean 'status'? (Flyway's info)",
// a sentence saying deckhand has no such thing and what to do instead, or "" when nothing fits.
// `commands` are the commands this run offers: a peer word is mapped only to one of them.
DECKHAND_API std::string unknown_command_hint(const std::string& typed,
                                              const std::vector<std::string>& commands);

}  // namespace deckhand::cli
