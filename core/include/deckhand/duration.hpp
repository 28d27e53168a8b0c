// Durations as users write them: 90s, 5m, 1h30m, 250ms, or a plain number of seconds.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "deckhand/export.hpp"

namespace deckhand {

// Throws UsageError naming `what` (the flag) when the text is not a duration.
DECKHAND_API std::chrono::milliseconds parse_duration(std::string_view text, std::string_view what);

// 1h30m, 5m, 90s, 250ms: the shortest form that round-trips.
DECKHAND_API std::string format_duration(std::chrono::milliseconds duration);

// How long something took, for progress lines: "12ms" (and "0ms") below a second, where
// "0s" would say nothing, then as format_duration ("1.25s", "2m5s").
DECKHAND_API std::string format_elapsed(std::chrono::milliseconds elapsed);

}  // namespace deckhand
