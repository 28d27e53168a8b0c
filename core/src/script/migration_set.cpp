// Discovery of a migrations folder: which files count, their phase, and the checks that must
// pass before anything runs.
#include "deckhand/script/migration_set.hpp"

#include <algorithm>
#include <array>
#include <system_error>

#include "deckhand/errors.hpp"
#include "deckhand/script/checksum.hpp"
#include "deckhand/script/script_file.hpp"
#include "deckhand/script/splitter.hpp"

namespace deckhand::script {
namespace {

namespace fs = std::filesystem;

// Dialect folders of the drivers deckhand ships: on another dialect they are skipped quietly.
constexpr std::array<std::string_view, 2> known_dialect_folders{"sqlite", "postgres"};

bool is_known_dialect(std::string_view name) {
    return std::find(known_dialect_folders.begin(), known_dialect_folders.end(), name) !=
           known_dialect_folders.end();
}

struct Entry {
    std::string name;
    fs::path path;
    bool directory = false;
};

std::vector<Entry> list_folder(const fs::path& folder, const std::string& display) {
    std::vector<Entry> entries;
    std::error_code error;
    fs::directory_iterator it(folder, error);
    if (error)
        throw ConfigError("migrations folder " + display + " cannot be read: " + error.message());
    for (; it != fs::directory_iterator(); it.increment(error)) {
        if (error)
            throw ConfigError("migrations folder " + display +
                              " cannot be read: " + error.message());
        Entry entry;
        entry.name = it->path().filename().string();
        if (entry.name.empty() || entry.name.front() == '.')
            continue;  // hidden, and Kubernetes' ..data
        entry.path = it->path();
        std::error_code type_error;
        entry.directory =
            it->is_directory(type_error);  // follows symbolic links (ConfigMap mounts)
        entries.push_back(std::move(entry));
    }
    if (error)
        throw ConfigError("migrations folder " + display + " cannot be read: " + error.message());
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.name < b.name; });
    return entries;
}

class Loader {
  public:
    Loader(const fs::path& root, std::string_view dialect, MigrationSet& set)
        : root_(root), dialect_(dialect), sql_dialect_(sql_dialect(dialect)), set_(set) {}

    // `prefix` is the folder's path inside the root ("", "post/", "post/postgres/").
    void scan(const fs::path& folder, const std::string& prefix, Phase phase) {
        for (const auto& entry :
             list_folder(folder, display_path(root_, prefix.empty() ? "." : prefix))) {
            if (!entry.directory) {
                if (has_sql_extension(entry.name))
                    add(entry.path, prefix + entry.name, entry.name, phase);
                continue;
            }
            const bool dialect_level = prefix.empty() || prefix == "post/";
            if (dialect_level && entry.name == dialect_) {
                scan(entry.path, prefix + entry.name + "/", phase);
            } else if (dialect_level && is_known_dialect(entry.name)) {
                // Another dialect's scripts.
            } else if (prefix.empty() && entry.name == "post") {
                scan(entry.path, "post/", Phase::post);
            } else if (prefix.empty() && entry.name == "seed") {
                // Seed data belongs to `deckhand seed`.
            } else {
                set_.warnings.push_back(
                    "ignoring folder " + display_path(root_, prefix + entry.name) +
                    ": migrations go in the folder itself, post/, or a dialect folder such as " +
                    dialect_ + "/");
            }
        }
    }

  private:
    void add(const fs::path& path, std::string relative, const std::string& file_name,
             Phase phase) {
        Migration migration;
        migration.display_path = display_path(root_, relative);
        ScriptName name = parse_migration_name(file_name, migration.display_path);
        migration.kind = name.kind;
        migration.version = std::move(name.version);
        migration.description = std::move(name.description);
        migration.phase = phase;
        migration.script = std::move(relative);
        migration.path = path;
        migration.text = read_script_file(path, migration.display_path);
        if (!has_statements(migration.text, sql_dialect_)) {
            throw ConfigError(migration.display_path +
                              " holds no SQL statement; add one or delete the file");
        }
        migration.directives =
            scan_directives(migration.text, sql_dialect_, migration.display_path);
        check_directives(migration.directives, migration_directive_rules(), migration.display_path);
        migration.transactional = !has_directive(migration.directives, "no-transaction");
        migration.placeholders = !has_directive(migration.directives, "no-placeholders");
        migration.checksum = script_checksum(migration.text);
        (migration.versioned() ? set_.versioned : set_.repeatable).push_back(std::move(migration));
    }

    const fs::path& root_;
    std::string dialect_;
    SqlDialect sql_dialect_;
    MigrationSet& set_;
};

}  // namespace

std::string_view to_string(Phase phase) noexcept {
    switch (phase) {
        case Phase::pre:
            return "pre";
        case Phase::post:
            return "post";
        case Phase::all:
            return "all";
    }
    return "pre";
}

Phase parse_phase(std::string_view text, std::string_view what) {
    if (text == "pre") return Phase::pre;
    if (text == "post") return Phase::post;
    if (text == "all") return Phase::all;
    throw UsageError(std::string(what) + " expects pre, post or all, not '" + std::string(text) +
                     "'");
}

const std::vector<DirectiveRule>& migration_directive_rules() {
    static const std::vector<DirectiveRule> rules{
        {"no-transaction", 0, 0, true},
        {"no-placeholders", 0, 0, true},
        {"allow", 1, 32, false},  // waivers for `deckhand lint`, on any line
    };
    return rules;
}

const Migration* MigrationSet::find_versioned(const Version& version) const noexcept {
    auto it = std::lower_bound(versioned.begin(), versioned.end(), version,
                               [](const Migration& m, const Version& v) { return m.version < v; });
    return it != versioned.end() && it->version == version ? &*it : nullptr;
}

const Migration* MigrationSet::find_repeatable(std::string_view description) const noexcept {
    auto it =
        std::lower_bound(repeatable.begin(), repeatable.end(), description,
                         [](const Migration& m, std::string_view d) { return m.description < d; });
    return it != repeatable.end() && it->description == description ? &*it : nullptr;
}

MigrationSet load_migrations(const std::filesystem::path& root, std::string_view dialect) {
    MigrationSet set;
    set.root = root;
    set.dialect = std::string(dialect);
    std::error_code error;
    if (!fs::exists(root, error)) {
        throw ConfigError("migrations folder " + root.generic_string() +
                          " does not exist; point --migrations or DECKHAND_MIGRATIONS at it");
    }
    if (!fs::is_directory(root, error)) {
        throw ConfigError("migrations folder " + root.generic_string() + " is not a folder");
    }
    Loader(root, dialect, set).scan(root, "", Phase::pre);

    std::sort(set.versioned.begin(), set.versioned.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (std::size_t i = 1; i < set.versioned.size(); ++i) {
        const auto& a = set.versioned[i - 1];
        const auto& b = set.versioned[i];
        if (a.version == b.version) {
            throw ConfigError(a.display_path + " and " + b.display_path +
                              " have the same version " + b.version.text() +
                              "; each version may be used once");
        }
    }
    std::sort(set.repeatable.begin(), set.repeatable.end(),
              [](const Migration& a, const Migration& b) { return a.description < b.description; });
    for (std::size_t i = 1; i < set.repeatable.size(); ++i) {
        const auto& a = set.repeatable[i - 1];
        const auto& b = set.repeatable[i];
        if (a.description == b.description) {
            throw ConfigError(a.display_path + " and " + b.display_path +
                              " are both the repeatable migration '" + b.description +
                              "'; each description may be used once");
        }
    }
    return set;
}

}  // namespace deckhand::script
