// Text forms of bound parameters.
#include "params.hpp"

#include <charconv>
#include <cmath>
#include <type_traits>

namespace deckhand::postgres {

std::string double_text(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "Infinity" : "-Infinity";
    }
    char buffer[32];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    (void)error;  // 32 bytes hold any shortest double
    return std::string(buffer, end);
}

TextParams::TextParams(const std::vector<db::Value>& params) : converted_(params.size()) {
    values_.reserve(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        const char* text = std::visit(
            [&](const auto& value) -> const char* {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, std::monostate>) {
                    return nullptr;
                } else if constexpr (std::is_same_v<T, std::string>) {
                    return value.c_str();
                } else if constexpr (std::is_same_v<T, bool>) {
                    return value ? "true" : "false";
                } else if constexpr (std::is_same_v<T, double>) {
                    converted_[i] = double_text(value);
                    return converted_[i].c_str();
                } else {
                    converted_[i] = std::to_string(value);
                    return converted_[i].c_str();
                }
            },
            params[i]);
        values_.push_back(text);
    }
}

}  // namespace deckhand::postgres
