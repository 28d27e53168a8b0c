// What the migrate plugin's commands share: reading the folder for the connection's dialect,
// placeholders from the environment and --set, durations and phases from flags.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "deckhand/context.hpp"
#include "deckhand/migrate/engine.hpp"
#include "deckhand/script/migration_set.hpp"
#include "deckhand/script/placeholders.hpp"

namespace deckhand::migrate::cli {

// Loads the configured migrations folder for the connection's dialect; logs its warnings.
script::MigrationSet load_migrations_for(Context& context, db::Connection& connection);

// DECKHAND_PLACEHOLDER_* values with each --set NAME=VALUE on top.
script::Placeholders placeholders_from(const Context& context,
                                       const std::vector<std::string>& assignments);

// The duration given to `flag`, checked once (throws UsageError naming the flag).
std::chrono::milliseconds duration_option(const std::string& text, const char* flag);

inline Io io_of(Context& context) {
    return Io{context.log(), context.out(), context.cancellation()};
}

}  // namespace deckhand::migrate::cli
