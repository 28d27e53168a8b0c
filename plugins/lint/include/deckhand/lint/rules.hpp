// The rules `deckhand lint` knows: one id each, what kind of danger it is, why it is unsafe, the
// safe alternative and an example that breaks it. One table feeds the findings, `help lint`,
// SARIF's rule list and the README.
#pragma once

#include <string_view>
#include <vector>

namespace deckhand::lint {

enum class Category { breaks_previous_version, locks, hygiene, sqlite, waiver };

std::string_view to_string(Category category) noexcept;

struct RuleInfo {
    std::string_view id;
    Category category;
    std::string_view dialects;  // "postgres", "sqlite" or "postgres, sqlite"
    std::string_view why;       // why it is unsafe
    std::string_view fix;       // the safe alternative
    std::string_view example;   // SQL that breaks the rule
};

const std::vector<RuleInfo>& rules();
// nullptr when no rule has that id.
const RuleInfo* find_rule(std::string_view id) noexcept;

}  // namespace deckhand::lint
