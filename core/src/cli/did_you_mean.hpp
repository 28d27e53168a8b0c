// Suggestions for mistyped command and option names.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand::cli {

// The closest candidate within a small edit distance (transpositions count as one edit), or a
// unique candidate that starts with `typed`; nothing if no candidate is close.
DECKHAND_API std::optional<std::string> did_you_mean(const std::string& typed,
                                                     const std::vector<std::string>& candidates);

}  // namespace deckhand::cli
