// A migrations folder as deckhand sees it: the versioned and repeatable scripts that apply to
// one database dialect, in the order they run, each read, checked and checksummed once; and the
// other kinds of file that Flyway, golang-migrate and dbmate folders hold (see script_name.hpp).
//
//   migrations/V1__x.sql            common to every dialect, phase pre
//   migrations/<dialect>/V2__y.sql  only on that dialect (sqlite/, postgres/), same order
//   migrations/post/V3__z.sql       phase post: after the rollout (also post/<dialect>/)
//   migrations/seed/                seed data, not migrations (ignored here)
//   (the dialects' names come from the drivers, post/ and seed/ from FolderRules)
//   migrations/V2__y.sql.conf       Flyway's per-script settings (executeInTransaction)
//
// Everything that is wrong with the folder (bad names, duplicate versions, unreadable files,
// unknown directives, statements that cannot share a transaction, two conventions in one
// folder) is found before anything runs and reported at once, as one ConfigError that names
// every file (and line) at fault.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/export.hpp"
#include "deckhand/script/directives.hpp"
#include "deckhand/script/script_name.hpp"
#include "deckhand/script/sql_lexer.hpp"

namespace deckhand::script {

// When a migration runs relative to the rollout of the application version that ships it.
// A script is pre or post; commands select pre, post or all.
enum class Phase { pre, post, all };

DECKHAND_API std::string_view to_string(Phase phase) noexcept;
// "pre", "post" or "all"; throws UsageError naming `what` (the flag) otherwise.
DECKHAND_API Phase parse_phase(std::string_view text, std::string_view what);
// True when a script of `script_phase` belongs to the selection `selected`.
constexpr bool phase_includes(Phase selected, Phase script_phase) noexcept {
    return selected == Phase::all || selected == script_phase;
}

// Since plugin API 1.2: why a script runs outside a transaction, statement by statement.
enum class NoTransaction : std::uint8_t {
    no,          // it runs in one
    directive,   // -- deckhand:no-transaction
    statements,  // it holds only statements that cannot run in one (VACUUM, ...)
    config,      // executeInTransaction=false in its .sql.conf
    dbmate,      // -- migrate:up transaction:false
};
// The reason as a phrase: "-- deckhand:no-transaction", ...; "" for NoTransaction::no.
DECKHAND_API std::string_view describe(NoTransaction why) noexcept;

struct Migration {
    ScriptKind kind = ScriptKind::versioned;
    Version version;           // versioned, baseline and undo
    std::string description;   // from the file name, underscores as spaces
    Phase phase = Phase::pre;  // pre or post
    std::string script;        // path in the folder with '/', e.g. "postgres/V3__index.sql"
    std::string display_path;  // how errors name it, e.g. "migrations/postgres/V3__index.sql"
    // The SQL as written, byte for byte, without a UTF-8 byte-order mark (psql drops it too);
    // of a dbmate file, everything before its -- migrate:down line; of a golang-migrate or
    // dbmate file wrapped whole in BEGIN; ... COMMIT;, that pair blanked out (it runs in
    // deckhand's own transaction). Empty if loaded with ScriptTexts::drop.
    std::string text;
    std::string checksum;       // script_checksum of the file as written (dbmate: its up
                                // section), in normal form, before placeholders
    bool transactional = true;  // false with -- deckhand:no-transaction
    bool placeholders = true;   // false with -- deckhand:no-placeholders
    std::vector<Directive> directives;
    // Since plugin API 1.2 (appended, so the members above keep their places):
    NoTransaction no_transaction = NoTransaction::no;  // why transactional is false
    CallbackEvent event = CallbackEvent::unsupported;  // callbacks only

    bool versioned() const noexcept { return kind == ScriptKind::versioned; }
    // The file's own name, e.g. "V3__index.sql". (No filesystem::path member: building one per
    // script cost a third of the loader's allocations, and the file is only ever read once.)
    std::string_view file_name() const noexcept {
        const auto slash = script.rfind('/');
        return slash == std::string::npos ? std::string_view(script)
                                          : std::string_view(script).substr(slash + 1);
    }
};

struct MigrationSet {
    std::filesystem::path root;
    std::string dialect;
    std::vector<Migration> versioned;   // ascending version, pre and post together
    std::vector<Migration> repeatable;  // by description; they run after the versioned ones
    std::vector<std::string> warnings;  // ignored folders and the like, for the log
    // Since plugin API 1.2 (appended):
    std::vector<Migration> baselines;  // B scripts, ascending version (phase pre)
    std::vector<Migration> undos;      // U scripts and .down.sql files, ascending version
    std::vector<Migration> callbacks;  // by event, then file name, then path
    Convention convention = Convention::flyway;

    DECKHAND_API const Migration* find_versioned(const Version& version) const noexcept;
    DECKHAND_API const Migration* find_repeatable(std::string_view description) const noexcept;
    // Versioned and repeatable scripts: the ones `migrate` applies one by one.
    std::size_t size() const noexcept { return versioned.size() + repeatable.size(); }
    // Since plugin API 1.2: the callbacks of one event, in the order they run.
    DECKHAND_API std::vector<const Migration*> callbacks_for(CallbackEvent event) const;
};

// The directives a migration may carry.
DECKHAND_API const std::vector<DirectiveRule>& migration_directive_rules();

// Whether load_migrations keeps each script's text (Migration::text) or only its checksum:
// commands that compare and never run (status, validate) drop it, a tenth of their memory and
// ten thousand allocations for ten thousand scripts.
enum class ScriptTexts { keep, drop };

// Since plugin API 1.5: which folders of a migrations folder hold the migrations of one
// dialect. The names come from their owners: the dialects from the drivers (Context::dialect(),
// Context::dialects()), post/ and the folders that are not migrations (seed/) from the migrate
// engine (MigrationsService::folder_rules).
struct DECKHAND_API FolderRules {
    std::string dialect;  // read <dialect>/ and <post>/<dialect>/ too
    // The folders of the other dialects deckhand has drivers for: skipped quietly, where an
    // unknown folder is skipped with a warning.
    std::vector<std::string> other_dialects;
    std::string post_folder = "post";  // its scripts are of phase post; "" for none
    // Top-level folders of other data (seed/): skipped quietly.
    std::vector<std::string> not_migrations;

    // The rules load_migrations(root, dialect) has always read by: the dialects of the drivers
    // deckhand ships, post/, and seed/ (for plugins of API 1.4 and older).
    static FolderRules as_of_api_1_4(std::string_view dialect);
};

// Reads the folder by `rules`. Throws ConfigError as described above, including when the
// folder does not exist.
DECKHAND_API MigrationSet load_migrations(const std::filesystem::path& root,
                                          const FolderRules& rules,
                                          ScriptTexts texts = ScriptTexts::keep);

// Reads the folder for `dialect` ("sqlite", "postgres") by FolderRules::as_of_api_1_4.
DECKHAND_API MigrationSet load_migrations(const std::filesystem::path& root,
                                          std::string_view dialect);
DECKHAND_API MigrationSet load_migrations(const std::filesystem::path& root,
                                          std::string_view dialect, ScriptTexts texts);

}  // namespace deckhand::script
