// A count with the word for it ("1 script", "3 scripts"), as deckhand's messages print counts.
#pragma once

#include <concepts>
#include <string>

namespace deckhand {

template <std::integral Count>
std::string plural(Count count, const char* one, const char* many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

}  // namespace deckhand
