// Which scripts `deckhand lint` reads and which of them are new (linted) rather than released
// (context only): the migrations folder for one dialect, in the order migrate runs it; the files
// named on the command line; `--since <version>` or `--since <git ref>`; the scripts still pending
// against the database; by default the newest versioned script.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/lint/linter.hpp"
#include "deckhand/script/migration_set.hpp"

namespace deckhand::lint {

struct Selection {
    std::filesystem::path folder;  // the migrations folder (may not exist when files are given)
    Dialect dialect = Dialect::postgres;
    std::vector<std::filesystem::path> files;  // named on the command line: these are new
    std::optional<std::string> since;          // a version ("7", "1.2") or a git ref ("main")
    // When set, and no file and no --since are given: the scripts the database has not applied
    // yet (pending, out-of-order or failed), as paths relative to the folder, asked once the
    // folder is read (so it is read once).
    std::function<std::set<std::string>(const script::MigrationSet&)> pending;
    // Which folders of the migrations folder hold this dialect's scripts, as the migrate engine
    // and the drivers name them (migrations_folder_rules); asked only when the folder exists, so
    // that linting named files alone loads no migrations service. Unset: the rules of the
    // dialects deckhand ships (script::FolderRules::as_of_api_1_4).
    std::function<script::FolderRules()> folder_rules;
    // Told what reading the folder skipped (a folder of no known dialect, a file that is not a
    // migration), so that a script lint does not see is not a silent surprise.
    std::function<void(const std::string&)> warn;
};

// The scripts, earlier ones first. Throws ConfigError for a folder that cannot be read (naming
// the file), UsageError for a --since that is neither a version nor a git ref, or a named file
// that does not exist.
std::vector<Script> select_scripts(const Selection& selection);

// "postgres" (or "postgresql") or "sqlite"; nullopt for any other text.
std::optional<Dialect> find_dialect(std::string_view text) noexcept;
// As find_dialect; throws UsageError naming `flag` for any other text.
Dialect parse_dialect(const std::string& text, const char* flag);

// The dialect's name as the drivers declare it: "postgres" or "sqlite".
const char* dialect_name(Dialect dialect) noexcept;

}  // namespace deckhand::lint
