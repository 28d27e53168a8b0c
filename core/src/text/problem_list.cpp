// Many problems as one message.
#include "deckhand/problem_list.hpp"

#include <algorithm>

namespace deckhand {

std::string list_problems(std::string_view first_sentence, const std::vector<std::string>& problems,
                          std::size_t shown) {
    if (problems.size() == 1) {
        return problems.front();
    }
    std::string out(first_sentence);
    const std::size_t listed = std::min(problems.size(), std::max<std::size_t>(shown, 1));
    for (std::size_t i = 0; i < listed; ++i) {
        out += "\n  ";
        out += problems[i];
    }
    if (const std::size_t rest = problems.size() - listed; rest > 0) {
        out += "\n  ... and " + std::to_string(rest) +
               (rest == 1 ? " more problem" : " more problems");
    }
    return out;
}

}  // namespace deckhand
