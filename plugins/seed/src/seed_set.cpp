// Reading a seed folder: which files count, in which order, and the checks made before any run.
#include "deckhand/seed/seed_set.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <system_error>

#include "deckhand/errors.hpp"
#include "deckhand/script/checksum.hpp"
#include "deckhand/script/psql_commands.hpp"
#include "deckhand/script/script_file.hpp"
#include "deckhand/script/script_name.hpp"
#include "deckhand/script/splitter.hpp"

namespace deckhand::seed {
namespace {

namespace fs = std::filesystem;

struct Found {
    std::string name;
    std::string script;
    fs::path path;
};

// The *.sql files directly in `folder`, each with its name shown as `prefix` + name.
void list_scripts(const fs::path& folder, const std::string& prefix, const std::string& shown,
                  std::vector<Found>& out) {
    std::error_code error;
    for (auto& [name, path] : script::list_sql_files(folder, error)) {
        out.push_back({name, prefix + name, std::move(path)});
    }
    if (error) {
        throw ConfigError("seed folder " + shown + " cannot be read: " + error.message());
    }
}

}  // namespace

const std::vector<script::DirectiveRule>& seed_directive_rules() {
    static const std::vector<script::DirectiveRule> rules = {{"no-placeholders", 0, 0, true}};
    return rules;
}

fs::path seed_folder(const fs::path& migrations_dir, const std::string& dir) {
    return dir.empty() ? migrations_dir / "seed" : fs::path(dir);
}

SeedSet load_seed_scripts(const fs::path& root, std::string_view dialect) {
    SeedSet set;
    set.root = root;
    const std::string shown = script::display_folder(root);
    std::error_code error;
    if (!fs::exists(root, error)) {
        return set;
    }
    if (!fs::is_directory(root, error)) {
        throw ConfigError("seed folder " + shown + " is not a folder");
    }
    set.exists = true;

    std::vector<Found> found;
    list_scripts(root, "", shown, found);
    if (!dialect.empty()) {
        const fs::path dialect_folder = root / std::string(dialect);
        if (fs::is_directory(dialect_folder, error)) {
            list_scripts(dialect_folder, std::string(dialect) + "/",
                         script::display_path(root, dialect), found);
        }
    }
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
        return a.name != b.name ? a.name < b.name : a.script < b.script;
    });
    for (std::size_t i = 1; i < found.size(); ++i) {
        if (found[i].name == found[i - 1].name) {
            throw ConfigError("seed scripts " + script::display_path(root, found[i - 1].script) +
                              " and " + script::display_path(root, found[i].script) +
                              " have the same file name, so their order is unclear; rename one");
        }
    }

    const auto sql_dialect = script::sql_dialect(dialect);
    set.scripts.reserve(found.size());
    for (auto& file : found) {
        SeedScript seed;
        seed.display_path = script::display_path(root, file.script);
        seed.text = script::read_script_file(file.path, seed.display_path);
        const auto directives = script::scan_directives(seed.text, sql_dialect, seed.display_path);
        script::check_directives(directives, seed_directive_rules(), seed.display_path);
        if (!script::has_statements(seed.text, sql_dialect)) {
            throw ConfigError(seed.display_path + " holds no SQL statement");
        }
        script::refuse_psql_only_syntax(seed.text, sql_dialect, seed.display_path);
        seed.placeholders = !script::has_directive(directives, "no-placeholders");
        seed.checksum = script::script_checksum(seed.text);
        seed.script = std::move(file.script);
        seed.path = std::move(file.path);
        set.scripts.push_back(std::move(seed));
    }
    return set;
}

}  // namespace deckhand::seed
