// Optimal string alignment distance, bounded by the length of what was typed.
#include "cli/did_you_mean.hpp"

#include <algorithm>

namespace deckhand::cli {
namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) {
        d[i][0] = i;
    }
    for (std::size_t j = 0; j <= b.size(); ++j) {
        d[0][j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::string> did_you_mean(const std::string& typed,
                                        const std::vector<std::string>& candidates) {
    if (typed.empty()) {
        return std::nullopt;
    }
    // Short names tolerate one edit, longer ones two: "stat" should not suggest "seed".
    const std::size_t allowed = typed.size() <= 4 ? 1 : 2;
    std::optional<std::string> best;
    std::size_t best_distance = allowed + 1;
    for (const auto& candidate : candidates) {
        std::size_t distance = edit_distance(typed, candidate);
        if (distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    if (best) {
        return best;
    }
    std::optional<std::string> prefixed;
    for (const auto& candidate : candidates) {
        if (candidate.rfind(typed, 0) == 0) {
            if (prefixed) {
                return std::nullopt;  // ambiguous
            }
            prefixed = candidate;
        }
    }
    return prefixed;
}

}  // namespace deckhand::cli
