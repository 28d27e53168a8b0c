// `deckhand new`: the next migration file of a folder, named as the folder already names its
// scripts (Flyway's V<n>__<description>.sql, golang-migrate's up/down pair, dbmate's sections),
// with the next integer version after the newest (zero padding kept) or a UTC timestamp.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace deckhand::migrate {

struct NewMigrationRequest {
    std::filesystem::path migrations_dir;
    std::string description;  // as typed: words of letters, digits, '-' and '_'
    std::string dialect;      // "", postgres or sqlite: the dialect folder to write into
    bool repeatable = false;  // R__<description>.sql (Flyway folders only)
    bool post = false;        // into post/: a post-deployment script
    bool no_transaction = false;
    bool timestamp = false;  // version = the UTC time, YYYYMMDDhhmmss
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

// The file name part of a description: blanks become '_'. Throws UsageError when it would make
// an unsafe or unusable file name (a '/', '..', a control character, anything but ASCII letters,
// digits, '-', '_' and blanks, or nothing at all).
std::string description_for_file_name(const std::string& description);

// Writes the new script (and, for golang-migrate, its .down.sql) and returns the paths written,
// the one that runs first. Never overwrites a file; creates the folder when missing. Throws
// UsageError for a request the folder's convention cannot hold, ConfigError when a file cannot be
// written (nothing is left half-written).
std::vector<std::filesystem::path> create_new_migration(const NewMigrationRequest& request);

}  // namespace deckhand::migrate
