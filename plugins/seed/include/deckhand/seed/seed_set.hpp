// A seed folder (default <migrations>/seed): the *.sql files that fill a development database
// with data, for one dialect, in the order they run. Like migrations, scripts in a subfolder
// named after the dialect (seed/sqlite/, seed/postgres/) are used only there, merged by file
// name with the common ones.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/script/directives.hpp"

namespace deckhand::seed {

struct SeedScript {
    std::string script;        // path in the folder with '/', e.g. "postgres/02_posts.sql"
    std::string display_path;  // e.g. "migrations/seed/postgres/02_posts.sql"
    std::filesystem::path path;
    std::string text;          // normalised file contents
    std::string checksum;      // script_checksum(text), before placeholders
    bool placeholders = true;  // false with -- deckhand:no-placeholders
};

struct SeedSet {
    std::filesystem::path root;
    bool exists = false;              // a missing folder holds no scripts
    std::vector<SeedScript> scripts;  // by file name
};

// The directives a seed script may carry.
const std::vector<script::DirectiveRule>& seed_directive_rules();

// Reads the folder for `dialect`. Throws ConfigError naming the file for an unreadable or empty
// script, a bad directive, or two scripts of one file name (common and dialect); and naming the
// folder when it exists but cannot be read.
SeedSet load_seed_scripts(const std::filesystem::path& root, std::string_view dialect);

// The seed folder that a run uses: `dir` when given, else <migrations>/seed.
std::filesystem::path seed_folder(const std::filesystem::path& migrations_dir,
                                  const std::string& dir);

}  // namespace deckhand::seed
