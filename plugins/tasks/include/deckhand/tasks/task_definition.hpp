// A one-off task: an annotated SQL file of the commands folder, read into the command it
// becomes. The annotations are directives in the file's leading comments:
//
//   -- deckhand:command archive-posts
//   -- deckhand:summary Archive blog posts older than a date
//   -- deckhand:param before date required "Posts published before this day are archived"
//   -- deckhand:param limit int default=100 "At most this many"
//   UPDATE blog_posts SET archived = true WHERE published_at < :before;
//
// A task that only reads says so with `-- deckhand:read-only`: it then runs in a read-only
// transaction, and needs no --allow-production in production; every other task counts as one
// that writes.
//
// A parameter NAME is the option --NAME; in the SQL it is written :NAME, with '_' for '-'.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/script/directives.hpp"
#include "deckhand/tasks/param_type.hpp"

namespace deckhand::tasks {

struct TaskParam {
    std::string name;  // the option, kebab-case ("dry-run-only")
    ParamType type;
    bool required = false;
    std::optional<std::string> default_value;  // as written; checked against the type
    std::string help;
    std::size_t line = 1;

    // How the SQL names it: '-' written as '_'.
    std::string sql_name() const;
};

struct TaskDefinition {
    std::string name;  // the command, kebab-case
    std::string summary;
    std::vector<TaskParam> params;
    std::filesystem::path path;
    std::string display_path;  // "commands/archive_posts.sql"
    std::string text;          // normalised contents
    std::size_t line = 1;      // of -- deckhand:command
    bool read_only = false;    // -- deckhand:read-only

    // The parameter whose SQL name is `sql_name`, or nullptr.
    const TaskParam* find_by_sql_name(std::string_view sql_name) const noexcept;
};

// The directives a task file may carry.
const std::vector<script::DirectiveRule>& task_directive_rules();

// Option names a parameter cannot take: the task's own (--dry-run, --output, --help) and the
// global options, which the host takes wherever they appear on the command line.
bool is_reserved_param_name(std::string_view name) noexcept;

// Reads a task from the normalised text of a file. Returns nullopt for a file with no deckhand
// directives at all (plain SQL kept in the folder); throws ConfigError
// "<display_path>:<line>: ..." for malformed annotations, an undeclared :name in the SQL, or a
// file with no statement.
std::optional<TaskDefinition> parse_task(std::string text, const std::filesystem::path& path,
                                         std::string display_path);

}  // namespace deckhand::tasks
