// How the migrate engine reads a migrations folder: the dialect's folder and post/ hold
// migrations; seed/ (seed's data) and the other dialects' folders are passed over quietly.
#pragma once

#include <string>
#include <vector>

#include "deckhand/script/migration_set.hpp"

namespace deckhand::migrate {

// `dialect`: the configured driver's (Context::dialect(), or the connection's); `dialects`:
// every driver's (Context::dialects()).
script::FolderRules folder_rules(const std::string& dialect,
                                 const std::vector<std::string>& dialects);

}  // namespace deckhand::migrate
