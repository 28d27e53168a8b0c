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
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

#include "deckhand/ascii.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/problem_list.hpp"
#include "deckhand/script/checksum.hpp"
#include "deckhand/script/psql_commands.hpp"
#include "deckhand/script/script_file.hpp"
#include "script/dbmate_sections.hpp"
#include "script/name_parts.hpp"
#include "script/read_file.hpp"
#include "script/script_checks.hpp"
#include "script/script_config.hpp"
#include "script/transaction_wrapper.hpp"

namespace deckhand::script {
namespace {

namespace fs = std::filesystem;

bool contains(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
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
// to parse. Every problem is collected, not only the first, so that a folder is fixed in one
// pass; the file system lists a folder in no particular order, so they are reported in an order
// of their own (names by path, then duplicates and the like, then files in run order): a run
// always names the same files in the same order.
class Loader {
  public:
    Loader(const fs::path& root, const FolderRules& rules, ScriptTexts texts, MigrationSet& set)
        : root_(root),
          display_prefix_(display_path(root, "")),
          rules_(rules),
          sql_dialect_(sql_dialect(rules.dialect)),
          texts_(texts),
          set_(set) {}

    void load() {
        scan(root_, "", Phase::pre);
        check_names();
        auto by_version = [](const Script& a, const Script& b) { return a.version < b.version; };
        order(versioned_, by_version);
        order(repeatable_, [](const Script& a, const Script& b) {
            return shown_description_less(a.description, b.description);
        });
        order(baselines_, by_version);
        order(undos_, by_version);
        order(callbacks_, [](const Script& a, const Script& b) {
            return a.event != b.event ? a.event < b.event : a.file_name < b.file_name;
        });
        refuse_duplicates();
        refuse_mixed_conventions();
        match_configs();
        build_and_read();
        if (!problems_.empty()) {
            throw ConfigError(list_problems("the migrations folder " + folder_shown("") + " has " +
                                                std::to_string(problems_.size()) +
                                                " problems; nothing was run:",
                                            problems_));
        }
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
        std::string_view config;       // its <name>.conf in the listing's names, if any
        ScriptKind kind = ScriptKind::versioned;
        Convention convention = Convention::flyway;
        CallbackEvent event = CallbackEvent::unsupported;
        Version version;       // versioned, baseline and undo; moved into the Migration
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

    static bool by_path(const Script& a, const Script& b) { return path_less(a, b); }

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
        const std::string& post = rules_.post_folder;
        const bool dialect_level = prefix.empty() || (!post.empty() && prefix == post + "/");
        for (const auto& name : subfolders) {
            if (dialect_level && !rules_.dialect.empty() && name == rules_.dialect) {
                scan(folder / name, prefix + name + "/", phase);
            } else if (prefix.empty() && !post.empty() && name == post) {
                scan(folder / name, post + "/", Phase::post);
            } else if ((dialect_level && contains(rules_.other_dialects, name)) ||
                       (prefix.empty() && contains(rules_.not_migrations, name))) {
                // Another dialect's scripts, or other data (seed data belongs to `deckhand seed`).
            } else {
                set_.warnings.push_back(
                    "ignoring folder " + display_path(root_, prefix + name) +
                    ": migrations go in the folder itself" +
                    (post.empty() ? std::string(" or") : ", " + post + "/, or") +
                    " a dialect folder such as " + rules_.dialect + "/");
            }
        }
    }

    // Every .sql file must be a well-named migration of some convention; of badly named files,
    // every one is reported, by path (parse_migration_name says what is wrong with each).
    void check_names() {
        std::size_t files = 0;
        for (const auto& listing : listings_) {
            for (const auto& item : listing.entries.items) {
                files += !item.directory && has_sql_extension(listing.entries.name(item)) ? 1 : 0;
            }
        }
        versioned_.reserve(files);
        std::vector<Script> bad;
        std::vector<Script> ignored;    // callbacks of events deckhand does not fire
        std::vector<Script> never_run;  // named like migrations, but not .sql files
        for (const auto& listing : listings_) {
            for (const auto& item : listing.entries.items) {
                Script script;
                script.listing = &listing;
                script.file_name = listing.entries.name(item);
                script.regular = item.regular;
                if (item.directory) {
                    continue;
                }
                if (!has_sql_extension(script.file_name)) {
                    if (is_script_config(script.file_name)) {
                        configs_.push_back(std::move(script));
                    } else if (sql_name_meant(script.file_name)) {
                        never_run.push_back(std::move(script));
                    }
                    continue;
                }
                const auto parts = split_migration_name(script.file_name);
                const bool numbered = parts && parts->kind != ScriptKind::repeatable &&
                                      parts->kind != ScriptKind::callback;
                const bool good =
                    parts && (!numbered || Version::try_parse(parts->version, script.version)) &&
                    !(parts->needs_description && blank_description(parts->description));
                if (!good) {
                    bad.push_back(std::move(script));
                    continue;
                }
                script.description = parts->description;
                script.kind = parts->kind;
                script.convention = parts->convention;
                script.event = parts->event;
                note_convention(script);
                if (script.kind == ScriptKind::callback &&
                    script.event == CallbackEvent::unsupported) {
                    ignored.push_back(std::move(script));
                    continue;
                }
                list_of(script.kind).push_back(std::move(script));
            }
        }
        std::sort(bad.begin(), bad.end(), by_path);
        for (const auto& script : bad) {
            try {
                parse_migration_name(script.file_name, shown(script));  // says what is wrong
                problems_.push_back(shown(script) + " is not a migration name");  // not reached
            } catch (const ConfigError& error) {
                problems_.emplace_back(error.what());
            }
        }
        std::sort(never_run.begin(), never_run.end(), by_path);
        for (const auto& script : never_run) {
            set_.warnings.push_back("ignoring " + shown(script) +
                                    ": it is named like a migration, but only names ending in "
                                    "'.sql' (lower case, as Flyway reads them) run; rename it to " +
                                    *sql_name_meant(script.file_name) + " if it should run");
        }
        std::sort(ignored.begin(), ignored.end(), by_path);
        for (const auto& script : ignored) {
            set_.warnings.push_back(
                "ignoring " + shown(script) +
                ": a Flyway callback of an event deckhand does not fire (it runs those of "
                "migrate: beforeMigrate, beforeEachMigrate, afterEachMigrate, "
                "afterEachMigrateError, "
                "beforeRepeatables, afterVersioned, afterMigrateApplied, afterMigrate, "
                "afterMigrateError)");
        }
    }

    // The migration name a file that will never run was probably meant to have: V3__x.SQL,
    // V3__x.sql.bak and V3__x.sql~ would be V3__x.sql. None when the name is no migration's
    // either way (README.md, notes.txt).
    static std::optional<std::string> sql_name_meant(std::string_view name) {
        const std::string lower = ascii_lower(std::string(name));
        const auto dot = lower.find(".sql");
        if (dot == std::string::npos || dot == 0) {
            return std::nullopt;
        }
        std::string meant = std::string(name.substr(0, dot)) + ".sql";
        if (!split_migration_name(meant)) {
            return std::nullopt;
        }
        return meant;
    }

    static bool is_script_config(std::string_view name) noexcept {
        return name.size() > script_config_suffix.size() &&
               name.substr(name.size() - script_config_suffix.size()) == script_config_suffix &&
               has_sql_extension(name.substr(0, name.size() - script_config_suffix.size()));
    }

    std::vector<Script>& list_of(ScriptKind kind) {
        switch (kind) {
            case ScriptKind::repeatable:
                return repeatable_;
            case ScriptKind::baseline:
                return baselines_;
            case ScriptKind::undo:
                return undos_;
            case ScriptKind::callback:
                return callbacks_;
            case ScriptKind::versioned:
                break;
        }
        return versioned_;
    }

    // The first file (by path) of each convention, for the error that names two of them.
    void note_convention(const Script& script) {
        auto& first = first_of_convention_[static_cast<std::size_t>(script.convention)];
        if (!first || path_less(script, *first)) {
            first = script;
        }
    }

    void refuse_mixed_conventions() {
        const Script* seen = nullptr;
        for (const auto& first : first_of_convention_) {
            if (!first) {
                continue;
            }
            if (seen == nullptr) {
                seen = &*first;
                set_.convention = first->convention;
                continue;
            }
            problems_.push_back(
                shown(*seen) + " is named the " + std::string(to_string(seen->convention)) +
                " way and " + shown(*first) + " the " + std::string(to_string(first->convention)) +
                " way; a migrations folder follows one convention, so rename the files of the "
                "other");
            return;
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

    void refuse_duplicates() {
        for (const auto& script : baselines_) {
            if (script.listing->phase == Phase::post) {
                problems_.push_back(
                    shown(script) +
                    ": a baseline script stands for the whole schema at its version, "
                    "so it belongs outside post/");
            }
        }
        for (const auto* scripts : {&versioned_, &baselines_, &undos_}) {
            for (std::size_t i = 1; i < scripts->size(); ++i) {
                const auto& a = (*scripts)[i - 1];
                const auto& b = (*scripts)[i];
                if (a.version == b.version) {
                    problems_.push_back(shown(a) + " and " + shown(b) + " have the same version " +
                                        b.version.text() + "; each version may be used once");
                }
            }
        }
        for (std::size_t i = 1; i < repeatable_.size(); ++i) {
            const auto& a = repeatable_[i - 1];
            const auto& b = repeatable_[i];
            // Sorted: equal unless less. "a_b" and "a b" are both the description "a b".
            if (!shown_description_less(a.description, b.description)) {
                problems_.push_back(
                    shown(a) + " and " + shown(b) + " are both the repeatable migration '" +
                    describe(b.description) + "'; each description may be used once");
            }
        }
    }

    // Gives each script its <name>.conf; a .conf without its script is a problem (a renamed
    // script would silently lose its settings).
    void match_configs() {
        if (configs_.empty()) {
            return;
        }
        std::sort(configs_.begin(), configs_.end(), by_path);
        for (const auto& config : configs_) {
            const std::string_view target =
                config.file_name.substr(0, config.file_name.size() - script_config_suffix.size());
            bool found = false;
            for (auto* scripts : {&versioned_, &repeatable_, &baselines_, &undos_, &callbacks_}) {
                for (auto& script : *scripts) {
                    if (script.listing == config.listing && script.file_name == target) {
                        script.config = config.file_name;
                        found = true;
                    }
                }
            }
            const auto& entries = config.listing->entries;
            found = found || std::any_of(entries.items.begin(), entries.items.end(),
                                         [&](const Entries::Item& item) {
                                             return entries.name(item) == target;
                                         });
            if (!found) {
                problems_.push_back(shown(config) + " configures " + std::string(target) +
                                    ", which is not in its folder; rename or delete it");
            }
        }
    }

    // Builds the set's Migrations, in run order, and reads their files, on a few threads.
    // Undo scripts are listed, never run: their files are not read.
    void build_and_read() {
        struct Work {
            std::vector<Script>* scripts;
            std::vector<Migration>* migrations;
            bool read;
        };
        const std::array<Work, 5> lists{{{&versioned_, &set_.versioned, true},
                                         {&repeatable_, &set_.repeatable, true},
                                         {&baselines_, &set_.baselines, true},
                                         {&callbacks_, &set_.callbacks, true},
                                         {&undos_, &set_.undos, false}}};
        std::size_t count = 0;
        for (const auto& list : lists) {
            list.migrations->resize(list.scripts->size());
            count += list.scripts->size();
        }
        // Problems of files are rare: one lock guards them, taken only when there is one.
        std::mutex problems_lock;
        std::vector<std::pair<std::size_t, std::string>> file_problems;
        std::atomic<std::size_t> next{0};
        auto work = [&] {
            std::string buffer;  // all three reused from file to file
            std::string normalized;
            std::vector<std::string> found;
            for (std::size_t i = next++; i < count; i = next++) {
                std::size_t index = i;
                const Work* list = lists.data();
                while (index >= list->scripts->size()) {
                    index -= list->scripts->size();
                    ++list;
                }
                Script& script = (*list->scripts)[index];
                Migration& migration = (*list->migrations)[index];
                found.clear();
                try {
                    build(migration, script);
                    if (list->read) {
                        read(migration, script, buffer, normalized, found);
                    }
                } catch (const Error& error) {
                    found.emplace_back(error.what());
                }
                if (!found.empty()) {
                    const std::lock_guard<std::mutex> hold(problems_lock);
                    for (auto& problem : found) {
                        file_problems.emplace_back(i, std::move(problem));
                    }
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
        std::stable_sort(file_problems.begin(), file_problems.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& [index, problem] : file_problems) {
            problems_.push_back(std::move(problem));
        }
    }

    void build(Migration& migration, Script& script) const {
        const std::string& prefix = script.listing->prefix;
        migration.kind = script.kind;
        migration.event = script.event;
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

    // Reads and checks one script, appending what is wrong with it to `problems`; runs on any
    // of the loading threads.
    void read(Migration& migration, const Script& script, std::string& buffer,
              std::string& normalized, std::vector<std::string>& problems) const {
        const int folder = script.listing->folder->fd();
        ScriptConfig config;
        if (!script.config.empty()) {
            const std::string config_path =
                display_prefix_ + script.listing->prefix + std::string(script.config);
            // Names in the listing end where the next begins: copied to end them with a NUL.
            config =
                parse_script_config(read_script_bytes_at(folder, std::string(script.config).c_str(),
                                                         config_path, false, buffer),
                                    config_path, problems);
        }
        // file_name() is the tail of `script`, which ends the string: c_str()-safe.
        std::string_view text = read_script_bytes_at(
            folder, migration.file_name().data(), migration.display_path, script.regular, buffer);
        if (text.substr(0, 3) == "\xEF\xBB\xBF") {
            text.remove_prefix(3);  // a byte-order mark is not SQL: psql drops it too
        }
        if (auto problem = nul_byte_problem(text, migration.display_path)) {
            problems.push_back(std::move(*problem));
        }
        bool dbmate_transaction = true;
        if (script.convention == Convention::dbmate) {
            const auto sections =
                dbmate_sections(text, sql_dialect_, migration.display_path, problems);
            text = text.substr(0, sections.up_end);
            dbmate_transaction = sections.transaction;
        } else if (may_hold_dbmate_marker(text)) {
            refuse_down_sections(text, sql_dialect_, migration.display_path, script.convention,
                                 problems);
        }
        try {
            refuse_psql_only_syntax(text, sql_dialect_, migration.display_path);
        } catch (const ConfigError& error) {
            problems.emplace_back(error.what());
        }
        // Most scripts carry no directive: skip the lexer unless the prefix appears at all.
        if (text.find(directive_prefix) != std::string_view::npos) {
            try {
                migration.directives = scan_directives(text, sql_dialect_, migration.display_path);
                check_directives(migration.directives, migration_directive_rules(),
                                 migration.display_path);
            } catch (const ConfigError& error) {
                problems.emplace_back(error.what());
            }
        }
        TransactionChoice choice{config.execute_in_transaction, dbmate_transaction,
                                 has_directive(migration.directives, "no-transaction")};
        if (choice.directive && config.execute_in_transaction == true) {
            problems.push_back(display_prefix_ + script.listing->prefix +
                               std::string(script.config) +
                               ": executeInTransaction=true contradicts the script's "
                               "-- deckhand:no-transaction; keep one of them");
        }
        // The checksum is the file's as written, with any BEGIN ... COMMIT pair around it.
        const std::string_view written = text;
        std::string unwrapped;
        if ((script.convention == Convention::golang_migrate ||
             script.convention == Convention::dbmate) &&
            !choice.directive && choice.execute_in_transaction != false &&
            choice.dbmate_transaction) {
            if (auto stripped = strip_transaction_wrapper(text, sql_dialect_)) {
                unwrapped = std::move(*stripped);
                text = unwrapped;
            }
        }
        migration.no_transaction =
            decide_transaction(choice, text, sql_dialect_, migration.display_path, problems);
        migration.transactional = migration.no_transaction == NoTransaction::no;
        migration.placeholders = !has_directive(migration.directives, "no-placeholders");
        // The checksum is line-ending neutral: CRLF and LF copies of a script are one script.
        if (written.find('\r') == std::string_view::npos) {
            migration.checksum = script_checksum(written);
        } else {
            normalized = normalize_script_text(written);
            migration.checksum = script_checksum(normalized);
        }
        if (texts_ == ScriptTexts::keep) {
            migration.text = text;
        }
    }

    const fs::path& root_;
    const std::string display_prefix_;  // display_path(root_, ""): "migrations/"
    const FolderRules& rules_;
    SqlDialect sql_dialect_;
    ScriptTexts texts_;
    MigrationSet& set_;
    std::vector<Listing> listings_;  // folders stay open, and names kept, until files are read
    std::vector<Script> versioned_;  // checked names, in run order once sorted
    std::vector<Script> repeatable_;
    std::vector<Script> baselines_;
    std::vector<Script> undos_;
    std::vector<Script> callbacks_;
    std::vector<Script> configs_;  // <script>.sql.conf files
    std::array<std::optional<Script>, 3> first_of_convention_;
    std::vector<std::string> problems_;
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

std::vector<const Migration*> MigrationSet::callbacks_for(CallbackEvent event) const {
    std::vector<const Migration*> out;
    for (const auto& callback : callbacks) {
        if (callback.event == event) {
            out.push_back(&callback);
        }
    }
    return out;
}

std::string_view describe(NoTransaction why) noexcept {
    switch (why) {
        case NoTransaction::no:
            return "";
        case NoTransaction::directive:
            return "-- deckhand:no-transaction";
        case NoTransaction::statements:
            return "it holds only statements that cannot run in a transaction";
        case NoTransaction::config:
            return "executeInTransaction=false in its .sql.conf";
        case NoTransaction::dbmate:
            return "-- migrate:up transaction:false";
    }
    return "";
}

FolderRules FolderRules::as_of_api_1_4(std::string_view dialect) {
    FolderRules rules;
    rules.dialect = std::string(dialect);
    for (const char* other : {"sqlite", "postgres"}) {
        if (dialect != other) {
            rules.other_dialects.emplace_back(other);
        }
    }
    rules.not_migrations = {"seed"};
    return rules;
}

MigrationSet load_migrations(const std::filesystem::path& root, std::string_view dialect) {
    return load_migrations(root, FolderRules::as_of_api_1_4(dialect), ScriptTexts::keep);
}

MigrationSet load_migrations(const std::filesystem::path& root, std::string_view dialect,
                             ScriptTexts texts) {
    return load_migrations(root, FolderRules::as_of_api_1_4(dialect), texts);
}

MigrationSet load_migrations(const std::filesystem::path& root, const FolderRules& rules,
                             ScriptTexts texts) {
    MigrationSet set;
    set.root = root;
    set.dialect = rules.dialect;
    std::error_code error;
    if (!fs::exists(root, error)) {
        throw ConfigError("migrations folder " + root.generic_string() +
                          " does not exist; point --migrations or DECKHAND_MIGRATIONS at it");
    }
    if (!fs::is_directory(root, error)) {
        throw ConfigError("migrations folder " + root.generic_string() + " is not a folder");
    }
    Loader(root, rules, texts, set).load();
    return set;
}

}  // namespace deckhand::script
