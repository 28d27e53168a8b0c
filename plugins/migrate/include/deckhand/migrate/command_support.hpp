// What the migrate plugin's commands share: reading the folder for the connection's dialect,
// placeholders from the environment and --set, phases from flags.
#pragma once

#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "deckhand/context.hpp"
#include "deckhand/duration_option.hpp"
#include "deckhand/migrate/engine.hpp"
#include "deckhand/script/migration_set.hpp"
#include "deckhand/script/placeholders.hpp"

namespace deckhand::migrate::cli {

// Loads the configured migrations folder for the connection's dialect; logs its warnings.
script::MigrationSet load_migrations_for(Context& context, db::Connection& connection,
                                         script::ScriptTexts texts = script::ScriptTexts::keep);

// The migrations folder, read on another thread while the database connection opens and the
// history is read: on a big folder, reading the files is most of what `status` costs, and it
// need not wait for the server. A command that may create the database (migrate, baseline)
// calls finish_reading() before it opens one, so that a folder error (a duplicate version, a
// dangling symlink) leaves no new SQLite file behind.
class PendingMigrations {
  public:
    // Starts reading the folder for the dialect the URL's driver declares (Context::dialect()).
    // Starts nothing when the URL does not resolve (opening the database then says why) or its
    // driver declares no dialect (get() then reads for the connection's).
    // `texts`: whether the command needs the scripts' text or only their checksums.
    PendingMigrations(Context& context, script::ScriptTexts texts);
    // The folder for the connection's dialect: the early read, or a read for the connection's
    // dialect when none started. Either way the folder is read once. Throws what loading threw
    // (ConfigError naming the file); logs warnings.
    script::MigrationSet get(Context& context, db::Connection& connection);
    // Waits for the early read and throws what it threw (ConfigError naming the file); get()
    // then returns what it read. Nothing when no early read started.
    void finish_reading();

  private:
    script::ScriptTexts texts_;
    std::future<script::MigrationSet> loading_;
    std::optional<script::MigrationSet> read_;  // what finish_reading() waited for
};

// DECKHAND_PLACEHOLDER_* values with each --set NAME=VALUE on top.
script::Placeholders placeholders_from(const Context& context,
                                       const std::vector<std::string>& assignments);

inline Io io_of(Context& context) {
    return Io{context.log(), context.out(), context.cancellation()};
}

}  // namespace deckhand::migrate::cli
