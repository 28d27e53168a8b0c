// Parsing and printing of durations such as 90s, 5m, 1h30m, 250ms or a plain number of seconds.
#include "deckhand/duration.hpp"

#include <cctype>
#include <cstdint>
#include <limits>

#include "deckhand/errors.hpp"

namespace deckhand {
namespace {

[[noreturn]] void reject(std::string_view text, std::string_view what) {
    throw UsageError(std::string(what) +
                     " expects a duration such as 90s, 5m, 1h30m or 250ms, not '" +
                     std::string(text) + "'");
}

}  // namespace

std::chrono::milliseconds parse_duration(std::string_view text, std::string_view what) {
    if (text.empty()) {
        reject(text, what);
    }
    std::int64_t total_ms = 0;
    std::size_t i = 0;
    bool any_unit = false;
    while (i < text.size()) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
            reject(text, what);
        }
        std::int64_t number = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            if (number > std::numeric_limits<std::int32_t>::max()) {
                reject(text, what);
            }
            number = number * 10 + (text[i] - '0');
            ++i;
        }
        std::size_t unit_start = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        std::string_view unit = text.substr(unit_start, i - unit_start);
        std::int64_t scale = 0;
        if (unit.empty()) {
            // A plain number of seconds, only on its own ("90", not "1m30").
            if (any_unit || i != text.size()) {
                reject(text, what);
            }
            scale = 1000;
        } else if (unit == "ms") {
            scale = 1;
        } else if (unit == "s") {
            scale = 1000;
        } else if (unit == "m") {
            scale = 60'000;
        } else if (unit == "h") {
            scale = 3'600'000;
        } else if (unit == "d") {
            scale = 86'400'000;
        } else {
            reject(text, what);
        }
        any_unit = any_unit || !unit.empty();
        total_ms += number * scale;
        if (total_ms > std::numeric_limits<std::int32_t>::max() * std::int64_t{1000}) {
            reject(text, what);
        }
    }
    return std::chrono::milliseconds(total_ms);
}

std::string format_duration(std::chrono::milliseconds duration) {
    auto ms = duration.count();
    if (ms == 0) {
        return "0s";
    }
    if (ms % 1000 != 0) {
        if (ms < 1000) {
            return std::to_string(ms) + "ms";
        }
        // Seconds with up to three decimals, for progress lines ("75.25s").
        std::string fraction = std::to_string(ms % 1000);
        fraction.insert(0, 3 - fraction.size(), '0');
        while (fraction.back() == '0') {
            fraction.pop_back();
        }
        return std::to_string(ms / 1000) + "." + fraction + "s";
    }
    std::string out;
    auto seconds = ms / 1000;
    if (seconds >= 3600) {
        out += std::to_string(seconds / 3600) + "h";
        seconds %= 3600;
    }
    if (seconds >= 60) {
        out += std::to_string(seconds / 60) + "m";
        seconds %= 60;
    }
    if (seconds > 0) {
        out += std::to_string(seconds) + "s";
    }
    return out;
}

std::string format_elapsed(std::chrono::milliseconds elapsed) {
    if (elapsed < std::chrono::seconds(1)) {
        return std::to_string(elapsed.count()) + "ms";
    }
    return format_duration(elapsed);
}

}  // namespace deckhand
