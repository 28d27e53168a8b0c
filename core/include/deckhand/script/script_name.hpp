// Migration file names, and versions compared numerically part by part (1.10 comes after 1.9;
// 1, 1.0 and 001 are one version). Three conventions, one per folder:
//
//   Flyway (deckhand's own)  V<version>__<d>.sql  R__<d>.sql  B<version>__<d>.sql (baseline)
//                            U<version>__<d>.sql (undo)  <event>[__<d>].sql (callbacks)
//   golang-migrate           <version>_<d>.up.sql  <version>_<d>.down.sql
//   dbmate                   <version>_<d>.sql, with -- migrate:up / -- migrate:down sections
#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand::script {

class DECKHAND_API Version {
  public:
    Version() = default;
    // Dot- or underscore-separated non-negative integers ("2026.11.24.1", "1_1"). Throws
    // ConfigError naming `what` (a file, a flag) when the text is not such a version.
    static Version parse(std::string_view text, std::string_view what);
    // As parse, but returns false instead of throwing.
    static bool try_parse(std::string_view text, Version& out);

    // As written, with '_' shown as '.' ("1_1" → "1.1"): what history and output show.
    const std::string& text() const noexcept { return text_; }
    // The numbers, without trailing zero parts (so 1.0 and 1 compare equal).
    const std::vector<std::uint64_t>& parts() const noexcept { return parts_; }

    friend bool operator==(const Version& a, const Version& b) noexcept {
        return a.parts_ == b.parts_;
    }
    friend std::strong_ordering operator<=>(const Version& a, const Version& b) noexcept {
        return a.parts_ <=> b.parts_;
    }

  private:
    std::string text_;
    std::vector<std::uint64_t> parts_;
};

enum class ScriptKind {
    versioned,
    repeatable,
    baseline,  // since plugin API 1.2: B<version>__, the schema at that version in one script
    undo,      // since plugin API 1.2: U<version>__ and .down.sql: recognised, never run
    callback,  // since plugin API 1.2: Flyway's SQL callbacks, run around migrate's work
};

// Since plugin API 1.2: the naming convention a folder follows.
enum class Convention { flyway, golang_migrate, dbmate };
// "Flyway", "golang-migrate", "dbmate".
DECKHAND_API std::string_view to_string(Convention convention) noexcept;

// Since plugin API 1.2: when a callback runs. `unsupported` is a Flyway event deckhand
// recognises but never fires (beforeClean, afterValidate, ...).
enum class CallbackEvent {
    before_migrate,
    before_each_migrate,
    after_each_migrate,
    after_each_migrate_error,
    before_repeatables,
    after_versioned,
    after_migrate_applied,
    after_migrate,
    after_migrate_error,
    unsupported,
};
// Flyway's name of the event ("afterMigrate"); "" for unsupported.
DECKHAND_API std::string_view to_string(CallbackEvent event) noexcept;

struct ScriptName {
    ScriptKind kind = ScriptKind::versioned;
    Version version;          // versioned, baseline and undo
    std::string description;  // underscores shown as spaces
    // Since plugin API 1.2:
    Convention convention = Convention::flyway;
    CallbackEvent event = CallbackEvent::unsupported;  // callbacks only
};

// True when the file name ends in .sql (lower case, as Flyway reads names): such files must be
// well-named migrations.
DECKHAND_API bool has_sql_extension(std::string_view file_name) noexcept;

// The visible *.sql files directly in `folder` (links followed, as ConfigMap mounts need),
// sorted by name, as (file name, path). Sets `error` if the folder cannot be read.
DECKHAND_API std::vector<std::pair<std::string, std::filesystem::path>> list_sql_files(
    const std::filesystem::path& folder, std::error_code& error);

// Parses a migration file name of any convention. Throws ConfigError naming `display_path` and
// what is wrong.
DECKHAND_API ScriptName parse_migration_name(std::string_view file_name,
                                             std::string_view display_path);

}  // namespace deckhand::script
