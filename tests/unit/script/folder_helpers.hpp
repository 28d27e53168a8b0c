// Helpers of the migrations-folder tests: the error a folder gives, and the scripts a set holds.
#pragma once

#include <string>
#include <vector>

#include "deckhand/errors.hpp"
#include "deckhand/script/migration_set.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::script {

// The ConfigError message of loading the folder, or "(no error)".
inline std::string load_error(const test::TempDir& dir, const char* dialect = "sqlite") {
    try {
        load_migrations(dir.path(), dialect);
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "(no error)";
}

inline std::vector<std::string> scripts(const std::vector<Migration>& migrations) {
    std::vector<std::string> out;
    out.reserve(migrations.size());
    for (const auto& m : migrations) {
        out.push_back(m.script);
    }
    return out;
}

// Versioned, then repeatable scripts: the order migrate runs them in.
inline std::vector<std::string> scripts(const MigrationSet& set) {
    auto out = scripts(set.versioned);
    for (auto& script : scripts(set.repeatable)) {
        out.push_back(std::move(script));
    }
    return out;
}

}  // namespace deckhand::script
