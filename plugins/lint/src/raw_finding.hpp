// A finding as a dialect's rules first see it: a byte offset into the script, before lines,
// columns, waivers and the rule's fix are attached.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace deckhand::lint {

struct RawFinding {
    std::size_t offset = 0;  // byte offset in the script of what the finding points at
    std::string rule;
    std::string message;  // what is wrong here; the rule's reason and fix are added later
};

using RawFindings = std::vector<RawFinding>;

}  // namespace deckhand::lint
