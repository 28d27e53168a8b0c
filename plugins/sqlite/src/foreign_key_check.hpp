// PRAGMA foreign_key_check for migration scripts: the rows that break a foreign key, which of
// them a script added, and the sentence that names them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "deckhand/db/connection.hpp"

namespace deckhand::sqlite {

struct ForeignKeyViolation {
    std::string table;
    std::optional<std::int64_t> rowid;  // none for a WITHOUT ROWID table
    std::string parent;
    std::string columns;  // the child's columns of the foreign key, "a, b"

    friend bool operator<(const ForeignKeyViolation& a, const ForeignKeyViolation& b) {
        if (a.table != b.table) {
            return a.table < b.table;
        }
        if (a.rowid != b.rowid) {
            return a.rowid < b.rowid;
        }
        if (a.parent != b.parent) {
            return a.parent < b.parent;
        }
        return a.columns < b.columns;
    }
};

// What could have changed which rows break a foreign key: this connection's row changes, the
// schema, and other connections' commits (PRAGMA data_version).
struct DatabaseState {
    std::int64_t data_version = 0;
    std::int64_t total_changes = 0;
    std::int64_t schema_version = 0;

    friend bool operator==(const DatabaseState&, const DatabaseState&) = default;
};

// The rows that broke a foreign key in a given state of the database: still the rows while the
// state is the same, which spares a migration run one PRAGMA foreign_key_check per script.
struct KnownViolations {
    std::vector<ForeignKeyViolation> rows;
    DatabaseState state;
};

// Every row of the database that breaks a foreign key, sorted.
std::vector<ForeignKeyViolation> foreign_key_violations(db::Connection& connection);

// The violations in `after` that were not in `before` (both sorted): the ones a script made.
// Counted as a multiset, since rows of a WITHOUT ROWID table have no rowid to tell them apart.
std::vector<ForeignKeyViolation> added_violations(const std::vector<ForeignKeyViolation>& before,
                                                  const std::vector<ForeignKeyViolation>& after);

// "row 3 of posts (author_id) has no match in authors; ...; and 12 more rows": the first few.
std::string describe_violations(const std::vector<ForeignKeyViolation>& violations);

}  // namespace deckhand::sqlite
