// Core-internal: dbmate's section markers, `-- migrate:up [options]` and `-- migrate:down`, at
// the start of a line. Only the up section of a dbmate file runs; in a file of another
// convention a down marker means the file would run its own undo, so the loader refuses it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/script/sql_lexer.hpp"

namespace deckhand::script {

struct DbmateMarker {
    bool up = true;          // -- migrate:up, or -- migrate:down
    std::size_t offset = 0;  // of the "--"
    std::size_t line = 1;
    std::string_view options;  // what follows the marker on its line ("transaction:false")
};

// Cheap: false when the text cannot hold a marker at all.
inline bool may_hold_dbmate_marker(std::string_view sql) noexcept {
    return sql.find("migrate:") != std::string_view::npos;
}

// The markers among the script's line comments (never inside strings or bodies), in order.
std::vector<DbmateMarker> find_dbmate_markers(std::string_view sql, SqlDialect dialect);

// The parts of a dbmate file that deckhand uses.
struct DbmateSections {
    std::size_t up_end = 0;   // the up section is the text before this offset
    bool transaction = true;  // false with -- migrate:up transaction:false
};

// Checks a dbmate file as dbmate does (an up marker, before any down marker, with nothing but
// comments before it) and reads its options; each problem is appended as
// "<display_path>:<line>: ...".
DbmateSections dbmate_sections(std::string_view sql, SqlDialect dialect,
                               std::string_view display_path, std::vector<std::string>& problems);

}  // namespace deckhand::script
