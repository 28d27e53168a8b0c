// Finding the secret placeholder values of a run's arguments and settings.
#include "cli/secret_assignments.hpp"

#include <string_view>

#include "deckhand/script/placeholders.hpp"

namespace deckhand::cli {

namespace {

void add_if_secret(std::string_view assignment, std::vector<std::string>& values) {
    const auto equals = assignment.find('=');
    if (equals == std::string_view::npos) {
        return;
    }
    const std::string_view value = assignment.substr(equals + 1);
    if (!value.empty() && script::is_secret_placeholder(assignment.substr(0, equals))) {
        values.emplace_back(value);
    }
}

}  // namespace

std::vector<std::string> secret_placeholder_values(
    const std::vector<std::string>& words, const std::map<std::string, std::string>& placeholders) {
    constexpr std::string_view set_flag = "--set";
    std::vector<std::string> values;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string_view word = words[i];
        if (word == set_flag && i + 1 < words.size()) {
            add_if_secret(words[++i], values);
        } else if (word.size() > set_flag.size() && word.substr(0, set_flag.size()) == set_flag &&
                   word[set_flag.size()] == '=') {
            add_if_secret(word.substr(set_flag.size() + 1), values);
        }
    }
    for (const auto& [name, value] : placeholders) {
        if (!value.empty() && script::is_secret_placeholder(name)) {
            values.push_back(value);
        }
    }
    return values;
}

}  // namespace deckhand::cli
