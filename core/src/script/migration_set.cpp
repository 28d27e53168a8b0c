// Discovery of a migrations folder: which files count, their phase, and the checks that must
// pass before anything runs.
#include "deckhand/script/migration_set.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>

#include "deckhand/errors.hpp"
#include "deckhand/script/checksum.hpp"
#include "deckhand/script/psql_commands.hpp"
#include "deckhand/script/script_file.hpp"
#include "deckhand/script/splitter.hpp"
#include "script/name_parts.hpp"
#include "script/read_file.hpp"

namespace deckhand::script {
namespace {

namespace fs = std::filesystem;

// Dialect folders of the drivers deckhand ships: on another dialect they are skipped quietly.
constexpr std::array<std::string_view, 2> known_dialect_folders{"sqlite", "postgres"};

bool is_known_dialect(std::string_view name) {
    return std::find(known_dialect_folders.begin(), known_dialect_folders.end(), name) !=
           known_dialect_folders.end();
}

// A folder's visible entries, in the order the file system lists them. The names are packed
// into one buffer: ten thousand names as strings were ten thousand allocations, and sorting
// them by name cost as much again, for names that are each read once.
struct Entries {
    struct Item {
        std::size_t offset = 0;
        std::size_t size = 0;
        bool directory = false;
        bool regular = false;  // a regular file (a short read marks its end)
    };
    std::string names;
    std::vector<Item> items;

    std::string_view name(const Item& item) const {
        return std::string_view(names).substr(item.offset, item.size);
    }
};

// An open folder: its entries, and the descriptor that files are opened relative to.
class Folder {
  public:
    Folder(const fs::path& path, const std::string& display) : display_(display) {
        dir_ = ::opendir(path.c_str());
        if (dir_ == nullptr) {
            fail(errno);
        }
    }
    ~Folder() {
        if (dir_ != nullptr) {
            ::closedir(dir_);
        }
    }
    Folder(const Folder&) = delete;
    Folder& operator=(const Folder&) = delete;

    int fd() const noexcept { return ::dirfd(dir_); }

    // Visible entries. Types come from the listing itself; only symbolic links (ConfigMap
    // mounts are made of them) are followed.
    Entries entries() {
        Entries out;
        while (true) {
            errno = 0;
            const dirent* item = ::readdir(dir_);
            if (item == nullptr) {
                if (errno != 0) {
                    fail(errno);
                }
                break;
            }
            // Hidden files, ".", "..", and Kubernetes' ..data.
            if (item->d_name[0] == '.') {
                continue;
            }
            Entries::Item entry;
            entry.offset = out.names.size();
            entry.size = std::strlen(item->d_name);
            out.names.append(item->d_name, entry.size);
            if (item->d_type == DT_REG) {
                entry.regular = true;
            } else if (item->d_type == DT_DIR) {
                entry.directory = true;
            } else {
                struct stat info {};
                if (::fstatat(fd(), item->d_name, &info, 0) == 0) {
                    entry.directory = S_ISDIR(info.st_mode);
                    entry.regular = S_ISREG(info.st_mode);
                }  // else a dangling link: reading it will say why
            }
            out.items.push_back(entry);
        }
        return out;
    }

  private:
    [[noreturn]] void fail(int error) const {
        throw ConfigError("migrations folder " + display_ +
                          " cannot be read: " + std::strerror(error));
    }

    DIR* dir_ = nullptr;
    std::string display_;
};

// Reads a migrations folder in three steps: a walk that lists the folders; a check of every
// script's name (cheap, one thread, nothing allocated but each version's numbers) that also
// decides the order they run in and refuses duplicates; then, on a few threads, each Migration
// built in its place in that order and its file read, checked and checksummed. Opening and
// reading thousands of small files is most of the cost of `status`, and building the
// Migrations (three strings each) belongs on the same threads: done beforehand on one thread,
// it kept the others waiting. Each Migration, a large struct, is built once in the set itself:
// ten thousand of them moved between vectors cost more in page faults than their names cost
// to parse. The file system lists a folder in no particular order, so where several things
// are wrong the one reported is chosen by path or run order, never by listing order: a run
// always names the same file.
class Loader {
  public:
    Loader(const fs::path& root, std::string_view dialect, ScriptTexts texts, MigrationSet& set)
        : root_(root),
          display_prefix_(display_path(root, "")),
          dialect_(dialect),
          sql_dialect_(sql_dialect(dialect)),
          texts_(texts),
          set_(set) {}

    void load() {
        scan(root_, "", Phase::pre);
        check_names();
        order(versioned_, [](const Script& a, const Script& b) { return a.version < b.version; });
        order(repeatable_, [](const Script& a, const Script& b) {
            return shown_description_less(a.description, b.description);
        });
        refuse_duplicates();
        build_and_read();
    }

  private:
    // A folder of the tree, open, with its entries.
    struct Listing {
        std::unique_ptr<Folder> folder;
        Entries entries;
        std::string prefix;  // the folder's path inside the root ("", "post/", "post/postgres/")
        Phase phase;
    };

    // A script file whose name checked out, before its Migration is built.
    struct Script {
        const Listing* listing = nullptr;
        std::string_view file_name;    // in the listing's names
        std::string_view description;  // part of file_name, as written
        ScriptKind kind = ScriptKind::versioned;
        Version version;       // versioned only; moved into the Migration
        bool regular = false;  // the listing saw a regular file

        std::string script() const { return listing->prefix + std::string(file_name); }
        // The script's path ordered as one string, without building it.
        friend bool path_less(const Script& a, const Script& b) {
            const std::string_view a_prefix = a.listing->prefix;
            const std::string_view b_prefix = b.listing->prefix;
            if (a_prefix == b_prefix) {
                return a.file_name < b.file_name;
            }
            return a.script() < b.script();  // rare: same version in two folders
        }
    };

    void scan(const fs::path& folder, const std::string& prefix, Phase phase) {
        auto listed = std::make_unique<Folder>(folder, folder_shown(prefix));
        Entries entries = listed->entries();
        std::vector<std::string> subfolders;
        for (const auto& item : entries.items) {
            if (item.directory) {
                subfolders.emplace_back(entries.name(item));
            }
        }
        std::sort(subfolders.begin(), subfolders.end());  // warnings in a stable order
        listings_.push_back(Listing{std::move(listed), std::move(entries), prefix, phase});
        const bool dialect_level = prefix.empty() || prefix == "post/";
        for (const auto& name : subfolders) {
            if (dialect_level && name == dialect_) {
                scan(folder / name, prefix + name + "/", phase);
            } else if (prefix.empty() && name == "post") {
                scan(folder / name, "post/", Phase::post);
            } else if ((dialect_level && is_known_dialect(name)) ||
                       (prefix.empty() && name == "seed")) {
                // Another dialect's scripts, or seed data (which belongs to `deckhand seed`).
            } else {
                set_.warnings.push_back(
                    "ignoring folder " + display_path(root_, prefix + name) +
                    ": migrations go in the folder itself, post/, or a dialect folder such as " +
                    dialect_ + "/");
            }
        }
    }

    // Every .sql file must be a well-named migration; of several badly named files, the first
    // by path is reported (parse_migration_name says what is wrong with it).
    void check_names() {
        std::size_t files = 0;
        for (const auto& listing : listings_) {
            for (const auto& item : listing.entries.items) {
                files += !item.directory && has_sql_extension(listing.entries.name(item)) ? 1 : 0;
            }
        }
        versioned_.reserve(files);
        std::optional<Script> first_bad;
        for (const auto& listing : listings_) {
            for (const auto& item : listing.entries.items) {
                Script script;
                script.listing = &listing;
                script.file_name = listing.entries.name(item);
                script.regular = item.regular;
                if (item.directory || !has_sql_extension(script.file_name)) {
                    continue;
                }
                const auto parts = split_migration_name(script.file_name);
                const bool good = parts &&
                                  (parts->kind == ScriptKind::repeatable ||
                                   Version::try_parse(parts->version, script.version)) &&
                                  !blank_description(parts->description);
                if (!good) {
                    if (!first_bad || path_less(script, *first_bad)) {
                        first_bad = std::move(script);
                    }
                    continue;
                }
                script.description = parts->description;
                script.kind = parts->kind;
                (parts->kind == ScriptKind::versioned ? versioned_ : repeatable_)
                    .push_back(std::move(script));
            }
        }
        if (first_bad) {
            parse_migration_name(first_bad->file_name, shown(*first_bad));      // throws
            throw ConfigError(shown(*first_bad) + " is not a migration name");  // not reached
        }
    }

    // Sorts by `less`, ties by path so that a duplicate is always reported with the same two
    // files. Indexes are sorted and the permutation applied in place, along its cycles: a
    // second vector of ten thousand Scripts cost five hundred page faults.
    template <typename Less>
    static void order(std::vector<Script>& scripts, Less less) {
        std::vector<std::size_t> sorted(scripts.size());
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            sorted[i] = i;
        }
        std::sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
            if (less(scripts[a], scripts[b])) {
                return true;
            }
            return !less(scripts[b], scripts[a]) && path_less(scripts[a], scripts[b]);
        });
        // Position i must receive the element now at sorted[i].
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            std::size_t current = i;
            while (sorted[current] != i) {
                const std::size_t from = sorted[current];
                std::swap(scripts[current], scripts[from]);
                sorted[current] = current;
                current = from;
            }
            sorted[current] = current;
        }
    }

    void refuse_duplicates() const {
        for (std::size_t i = 1; i < versioned_.size(); ++i) {
            const auto& a = versioned_[i - 1];
            const auto& b = versioned_[i];
            if (a.version == b.version) {
                throw ConfigError(shown(a) + " and " + shown(b) + " have the same version " +
                                  b.version.text() + "; each version may be used once");
            }
        }
        for (std::size_t i = 1; i < repeatable_.size(); ++i) {
            const auto& a = repeatable_[i - 1];
            const auto& b = repeatable_[i];
            // Sorted: equal unless less. "a_b" and "a b" are both the description "a b".
            if (!shown_description_less(a.description, b.description)) {
                throw ConfigError(shown(a) + " and " + shown(b) +
                                  " are both the repeatable migration '" + describe(b.description) +
                                  "'; each description may be used once");
            }
        }
    }

    // Builds the set's Migrations, in run order, and reads their files, on a few threads. Of
    // several unreadable files the first in run order is reported.
    void build_and_read() {
        set_.versioned.resize(versioned_.size());
        set_.repeatable.resize(repeatable_.size());
        const std::size_t count = set_.size();
        std::vector<std::exception_ptr> errors(count);
        std::atomic<std::size_t> next{0};
        auto work = [&] {
            std::string buffer;  // both reused from file to file
            std::string normalized;
            for (std::size_t i = next++; i < count; i = next++) {
                const std::size_t versioned = versioned_.size();
                const bool is_versioned = i < versioned;
                Script& script = is_versioned ? versioned_[i] : repeatable_[i - versioned];
                Migration& migration =
                    is_versioned ? set_.versioned[i] : set_.repeatable[i - versioned];
                try {
                    build(migration, script);
                    read(migration, script, buffer, normalized);
                } catch (...) {
                    errors[i] = std::current_exception();
                }
            }
        };
        const std::size_t threads = std::min<std::size_t>(
            {std::max(1u, std::thread::hardware_concurrency()), 4, count / 256 + 1});
        std::vector<std::thread> helpers;
        for (std::size_t i = 1; i < threads; ++i) {
            helpers.emplace_back(work);
        }
        work();
        for (auto& helper : helpers) {
            helper.join();
        }
        for (const auto& error : errors) {
            if (error) {
                std::rethrow_exception(error);
            }
        }
    }

    void build(Migration& migration, Script& script) const {
        const std::string& prefix = script.listing->prefix;
        migration.kind = script.kind;
        migration.version = std::move(script.version);
        migration.description = describe(script.description);
        migration.phase = script.listing->phase;
        migration.script.reserve(prefix.size() + script.file_name.size());
        migration.script.append(prefix).append(script.file_name);
        // The folder's shown form is computed once: normalising it for each of 10,000 files
        // was an eighth of `status`'s instructions.
        migration.display_path.reserve(display_prefix_.size() + migration.script.size());
        migration.display_path.append(display_prefix_).append(migration.script);
    }

    std::string shown(const Script& script) const { return display_prefix_ + script.script(); }
    std::string folder_shown(const std::string& prefix) const {
        if (prefix.empty()) {
            return root_.lexically_normal().generic_string();
        }
        return display_path(root_, std::string_view(prefix).substr(0, prefix.size() - 1));
    }

    // Reads and checks one script; runs on any of the loading threads.
    void read(Migration& migration, const Script& script, std::string& buffer,
              std::string& normalized) const {
        // file_name() is the tail of `script`, which ends the string: c_str()-safe.
        const std::string_view text =
            read_script_view_at(script.listing->folder->fd(), migration.file_name().data(),
                                migration.display_path, script.regular, buffer, normalized);
        if (!has_statements(text, sql_dialect_)) {
            throw ConfigError(migration.display_path +
                              " holds no SQL statement; add one or delete the file");
        }
        refuse_psql_only_syntax(text, sql_dialect_, migration.display_path);
        // Most scripts carry no directive: skip the lexer unless the prefix appears at all.
        if (text.find(directive_prefix) != std::string_view::npos) {
            migration.directives = scan_directives(text, sql_dialect_, migration.display_path);
            check_directives(migration.directives, migration_directive_rules(),
                             migration.display_path);
        }
        migration.transactional = !has_directive(migration.directives, "no-transaction");
        migration.placeholders = !has_directive(migration.directives, "no-placeholders");
        migration.checksum = script_checksum(text);
        if (texts_ == ScriptTexts::keep) {
            migration.text = text;
        }
    }

    const fs::path& root_;
    const std::string display_prefix_;  // display_path(root_, ""): "migrations/"
    std::string dialect_;
    SqlDialect sql_dialect_;
    ScriptTexts texts_;
    MigrationSet& set_;
    std::vector<Listing> listings_;  // folders stay open, and names kept, until files are read
    std::vector<Script> versioned_;  // checked names, in run order once sorted
    std::vector<Script> repeatable_;
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
    if (text == "pre") {
        return Phase::pre;
    }
    if (text == "post") {
        return Phase::post;
    }
    if (text == "all") {
        return Phase::all;
    }
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
    return load_migrations(root, dialect, ScriptTexts::keep);
}

MigrationSet load_migrations(const std::filesystem::path& root, std::string_view dialect,
                             ScriptTexts texts) {
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
    Loader(root, dialect, texts, set).load();
    return set;
}

}  // namespace deckhand::script
