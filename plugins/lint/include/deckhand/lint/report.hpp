// How findings are written: text for people (file:line:column rule message, then the fix), JSON
// for scripts, SARIF 2.1.0 for code review (GitHub and GitLab show the findings inline).
#pragma once

#include <ostream>
#include <string_view>
#include <vector>

#include "deckhand/lint/linter.hpp"

namespace deckhand::lint {

enum class OutputFormat { text, json, sarif };

// "text", "json" or "sarif"; throws UsageError naming --output otherwise.
OutputFormat parse_output_format(std::string_view text);

void write_report(std::ostream& out, OutputFormat format, const std::vector<Finding>& findings,
                  std::size_t scripts_linted);

}  // namespace deckhand::lint
