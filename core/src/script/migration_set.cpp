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
#include "deckhand/script/script_file.hpp"
#include "deckhand/script/splitter.hpp"
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

struct Entry {
    std::string name;
    bool directory = false;
    bool regular = false;  // a regular file (a short read marks its end)
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

    // Visible entries sorted by name (so that errors come in a stable order). Types come from
    // the listing itself; only symbolic links (ConfigMap mounts are made of them) are followed.
    std::vector<Entry> entries() {
        std::vector<Entry> out;
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
            Entry entry;
            entry.name = item->d_name;
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
            out.push_back(std::move(entry));
        }
        std::sort(out.begin(), out.end(),
                  [](const Entry& a, const Entry& b) { return a.name < b.name; });
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

// Sorts through an index: a Migration is large, and moving each one once beats moving it
// n log n times (ten thousand scripts sort in a fraction of the time).
template <typename Less>
void sort_migrations(std::vector<Migration>& migrations, Less less) {
    std::vector<std::size_t> order(migrations.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return less(migrations[a], migrations[b]); });
    std::vector<Migration> sorted;
    sorted.reserve(migrations.size());
    for (std::size_t index : order) {
        sorted.push_back(std::move(migrations[index]));
    }
    migrations = std::move(sorted);
}

// Reads a migrations folder in two steps: a walk that lists the script files (cheap, one
// thread), then the files themselves — read, checked and checksummed — on a few threads, since
// opening and reading thousands of small files is most of the cost of `status`. Errors are
// reported in listing order whatever thread met them, so a run always names the same file.
class Loader {
  public:
    Loader(const fs::path& root, std::string_view dialect, MigrationSet& set)
        : root_(root),
          display_prefix_(display_path(root, "")),
          dialect_(dialect),
          sql_dialect_(sql_dialect(dialect)),
          set_(set) {}

    void load() {
        scan(root_, "", Phase::pre);
        std::vector<std::optional<Migration>> results(jobs_.size());
        std::vector<std::exception_ptr> errors(jobs_.size());
        std::atomic<std::size_t> next{0};
        auto work = [&] {
            std::string buffer;  // reused from file to file
            for (std::size_t i = next++; i < jobs_.size(); i = next++) {
                try {
                    results[i] = build(jobs_[i], buffer);
                } catch (...) {
                    errors[i] = std::current_exception();
                }
            }
        };
        const std::size_t threads = std::min<std::size_t>(
            {std::max(1u, std::thread::hardware_concurrency()), 4, jobs_.size() / 256 + 1});
        std::vector<std::thread> helpers;
        for (std::size_t i = 1; i < threads; ++i) {
            helpers.emplace_back(work);
        }
        work();
        for (auto& helper : helpers) {
            helper.join();
        }
        for (std::size_t i = 0; i < jobs_.size(); ++i) {
            if (errors[i]) {
                std::rethrow_exception(errors[i]);
            }
            auto& migration = *results[i];
            (migration.versioned() ? set_.versioned : set_.repeatable)
                .push_back(std::move(migration));
        }
    }

  private:
    // A script file to read: the open folder it is in, and where it sits in the tree.
    struct Job {
        const Folder* folder;
        const fs::path* folder_path;
        std::string name;
        std::string relative;
        Phase phase;
        bool regular;
    };

    // `prefix` is the folder's path inside the root ("", "post/", "post/postgres/").
    void scan(const fs::path& folder, const std::string& prefix, Phase phase) {
        auto& listing =
            *folders_.emplace_back(std::make_unique<Folder>(folder, folder_shown(prefix)));
        const fs::path& folder_path =
            *folder_paths_.emplace_back(std::make_unique<fs::path>(folder));
        for (auto& entry : listing.entries()) {
            if (!entry.directory) {
                if (has_sql_extension(entry.name)) {
                    std::string relative = prefix + entry.name;
                    jobs_.push_back(Job{&listing, &folder_path, std::move(entry.name),
                                        std::move(relative), phase, entry.regular});
                }
                continue;
            }
            const bool dialect_level = prefix.empty() || prefix == "post/";
            if (dialect_level && entry.name == dialect_) {
                scan(folder / entry.name, prefix + entry.name + "/", phase);
            } else if (dialect_level && is_known_dialect(entry.name)) {
                // Another dialect's scripts.
            } else if (prefix.empty() && entry.name == "post") {
                scan(folder / entry.name, "post/", Phase::post);
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

    std::string folder_shown(const std::string& prefix) const {
        if (prefix.empty()) {
            return root_.lexically_normal().generic_string();
        }
        return display_path(root_, std::string_view(prefix).substr(0, prefix.size() - 1));
    }

    // Reads and checks one script; runs on any of the loading threads.
    Migration build(const Job& job, std::string& buffer) const {
        Migration migration;
        // The folder's shown form is computed once: normalising it for each of 10,000 files
        // was an eighth of `status`'s instructions.
        migration.display_path = display_prefix_ + job.relative;
        ScriptName name = parse_migration_name(job.name, migration.display_path);
        migration.kind = name.kind;
        migration.version = std::move(name.version);
        migration.description = std::move(name.description);
        migration.phase = job.phase;
        migration.script = job.relative;
        migration.path = *job.folder_path / job.name;
        migration.text = read_script_file_at(job.folder->fd(), job.name.c_str(),
                                             migration.display_path, job.regular, buffer);
        if (!has_statements(migration.text, sql_dialect_)) {
            throw ConfigError(migration.display_path +
                              " holds no SQL statement; add one or delete the file");
        }
        // Most scripts carry no directive: skip the lexer unless the prefix appears at all.
        if (migration.text.find(directive_prefix) != std::string::npos) {
            migration.directives =
                scan_directives(migration.text, sql_dialect_, migration.display_path);
            check_directives(migration.directives, migration_directive_rules(),
                             migration.display_path);
        }
        migration.transactional = !has_directive(migration.directives, "no-transaction");
        migration.placeholders = !has_directive(migration.directives, "no-placeholders");
        migration.checksum = script_checksum(migration.text);
        return migration;
    }

    const fs::path& root_;
    const std::string display_prefix_;  // display_path(root_, ""): "migrations/"
    std::string dialect_;
    SqlDialect sql_dialect_;
    MigrationSet& set_;
    std::vector<std::unique_ptr<Folder>> folders_;  // open while their files are read
    std::vector<std::unique_ptr<fs::path>> folder_paths_;
    std::vector<Job> jobs_;
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
    Loader(root, dialect, set).load();

    sort_migrations(set.versioned,
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
    sort_migrations(set.repeatable, [](const Migration& a, const Migration& b) {
        return a.description < b.description;
    });
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
