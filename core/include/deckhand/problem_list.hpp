// Several problems reported as one error, so that a user fixes them all in one pass rather than
// one per run: a first sentence, then one problem per line (at most a screenful), then how many
// more there are. Since plugin API 1.2.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand {

// How many problems a message names before it only counts the rest.
inline constexpr std::size_t problems_shown = 20;

// One problem is returned as it is. Several give `first_sentence`, then each problem on a line
// of its own indented by two spaces, the ones past `shown` counted on a last line.
DECKHAND_API std::string list_problems(std::string_view first_sentence,
                                       const std::vector<std::string>& problems,
                                       std::size_t shown = problems_shown);

}  // namespace deckhand
