// Placeholders: ${name} in a script, replaced by a value from --set name=value or
// DECKHAND_PLACEHOLDER_name before the script runs. Names are letters, digits, '_', '.' and
// ':', compared without regard to case (environment variables are usually upper-case).
// Placeholders inside comments are left alone, so a comment may mention ${name} freely; a
// script that must keep a literal ${...} in its SQL says `-- deckhand:no-placeholders`.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "deckhand/export.hpp"
#include "deckhand/script/sql_lexer.hpp"

namespace deckhand::script {

class DECKHAND_API Placeholders {
  public:
    // Adds or replaces a value: later sources (--set after the environment) win.
    void set(std::string_view name, std::string value);
    // The value, or nullptr if the name has none.
    const std::string* find(std::string_view name) const;
    bool empty() const noexcept { return values_.empty(); }
    // Names (lower-cased) and values, sorted by name.
    const std::map<std::string, std::string, std::less<>>& values() const noexcept {
        return values_;
    }

  private:
    std::map<std::string, std::string, std::less<>> values_;
};

// Parses "name=value" as given to `what` ("--set"); throws UsageError naming it if malformed.
DECKHAND_API std::pair<std::string, std::string> parse_placeholder_assignment(
    std::string_view text, std::string_view what);

struct PlaceholderUse {
    std::string name;
    std::size_t offset = 0;  // of the '$'
    std::size_t length = 0;  // of "${name}"
    std::size_t line = 1;
};

// Every ${name} outside comments, in order.
DECKHAND_API std::vector<PlaceholderUse> find_placeholders(std::string_view sql,
                                                           SqlDialect dialect);

// A script after substitution, and the way back from its offsets to the original's, so that
// an error reported in the substituted text still names the line of the file.
struct DECKHAND_API SubstitutedText {
    struct Replacement {
        std::size_t source_offset;
        std::size_t source_length;
        std::size_t output_offset;
        std::size_t output_length;
    };
    std::string text;
    std::vector<Replacement> replacements;

    // The offset in the original script of the byte at `offset` in `text` (an offset inside a
    // substituted value maps to the start of its placeholder).
    std::size_t source_offset(std::size_t offset) const noexcept;
};

// Replaces every placeholder; throws ConfigError "<display_path>:<line>: placeholder ${x} has no
// value; ..." for the first one without a value.
DECKHAND_API SubstitutedText substitute_placeholders(std::string_view sql, SqlDialect dialect,
                                                     const Placeholders& values,
                                                     std::string_view display_path);

// Since plugin API 1.2. Whether a placeholder's value is secret, by its name: one that holds
// "password", "secret", "token" or "key" in any case (db_password, ApiKey, ${flyway:token}).
DECKHAND_API bool is_secret_placeholder(std::string_view name) noexcept;

// Since plugin API 1.2. `substituted.text` as shown to people (a dry run's SQL, JSON, logs): the
// value of every secret placeholder replaced by ***. `original` is the text substituted.
DECKHAND_API std::string shown_text(const SubstitutedText& substituted, std::string_view original);

// Throws the same error as substitute_placeholders would, without building the text.
DECKHAND_API void check_placeholders(std::string_view sql, SqlDialect dialect,
                                     const Placeholders& values, std::string_view display_path);

}  // namespace deckhand::script
