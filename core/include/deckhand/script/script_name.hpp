// Migration file names: V<version>__<description>.sql and R__<description>.sql, and versions
// compared numerically part by part (1.10 comes after 1.9; 1, 1.0 and 001 are one version).
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

enum class ScriptKind { versioned, repeatable };

struct ScriptName {
    ScriptKind kind = ScriptKind::versioned;
    Version version;          // versioned only
    std::string description;  // underscores shown as spaces
};

// True when the file name ends in .sql (any case): such files must be well-named migrations.
DECKHAND_API bool has_sql_extension(std::string_view file_name) noexcept;

// The visible *.sql files directly in `folder` (links followed, as ConfigMap mounts need),
// sorted by name, as (file name, path). Sets `error` if the folder cannot be read.
DECKHAND_API std::vector<std::pair<std::string, std::filesystem::path>> list_sql_files(
    const std::filesystem::path& folder, std::error_code& error);

// Parses a migration file name. Throws ConfigError naming `display_path` and what is wrong.
DECKHAND_API ScriptName parse_migration_name(std::string_view file_name,
                                             std::string_view display_path);

}  // namespace deckhand::script
