// Core-internal: a migration file name taken apart without allocating, so that the folder loader
// can check and order ten thousand names before it builds a single Migration. What it accepts
// is exactly what parse_migration_name accepts; that function reports what is wrong otherwise.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "deckhand/script/script_name.hpp"

namespace deckhand::script {

struct NameParts {
    ScriptKind kind = ScriptKind::versioned;
    std::string_view version;      // versioned, baseline and undo, as written ("1_2")
    std::string_view description;  // as written, underscores not yet spaces
    Convention convention = Convention::flyway;
    CallbackEvent event = CallbackEvent::unsupported;  // callbacks only
    // V, R, B and U names need a description; other tools' names and callbacks may have none.
    bool needs_description = true;
};

// The parts of a .sql name of any convention (see script_name.hpp); nullopt when the shape is
// wrong. The version is not parsed and the description not checked for emptiness: callers do
// both, in that order, as parse_migration_name reports them.
std::optional<NameParts> split_migration_name(std::string_view file_name) noexcept;

// True when a description as written has nothing but underscores and spaces.
bool blank_description(std::string_view description) noexcept;

// A description as shown: underscores as spaces.
std::string describe(std::string_view description);

// Orders descriptions as written the way their shown forms order, without building them.
bool shown_description_less(std::string_view a, std::string_view b) noexcept;

}  // namespace deckhand::script
