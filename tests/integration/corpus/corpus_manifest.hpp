// A corpus folder's manifest (tests/corpus/<name>/corpus.txt): which database it is for, what
// deckhand is asked, and which files the reference client (psql, sqlite3) runs, in which order.
//
//   # a comment
//   dialect postgres                      or sqlite
//   migrate --phase all                   optional: more arguments for `deckhand migrate`
//   run V1__create.sql                    the client runs the whole file
//   up 20240101000000_create.sql          only its dbmate up section
//   not-run U2__undo.sql an undo script   a file the client never runs, and why
//
// Paths are relative to the folder's migrations/. Every .sql file there must be named by at
// least one line, so that a file added to the folder is never silently left out.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace deckhand::test::corpus {

struct Step {
    enum class Part { whole, dbmate_up };
    Part part = Part::whole;
    std::string file;  // relative to migrations/
};

struct Manifest {
    std::string dialect;
    std::vector<std::string> migrate_args;
    std::vector<Step> steps;
    std::vector<std::string> not_run;
};

// Reads `folder`/corpus.txt; throws std::runtime_error naming the file and line at fault.
Manifest read_manifest(const std::filesystem::path& folder);

// The .sql files under `migrations` (relative, '/'-separated) that no line of `manifest` names.
std::vector<std::string> unlisted_files(const Manifest& manifest,
                                        const std::filesystem::path& migrations);

// The dbmate up section of `text`: the bytes after the `-- migrate:up` line up to the
// `-- migrate:down` line (or the end), as written.
std::string dbmate_up_section(const std::string& text);

}  // namespace deckhand::test::corpus
