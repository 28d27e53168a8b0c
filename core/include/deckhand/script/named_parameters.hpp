// Named parameters: `:name` in a statement, turned into the driver's positional $1, $2, ... so
// that values are bound, never pasted into the SQL text. A `:name` inside a string literal, a
// quoted identifier, a comment or a dollar-quoted body is left alone, and so is PostgreSQL's
// `::type` cast. Used by one-off tasks; the names themselves are the caller's business.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/export.hpp"
#include "deckhand/script/sql_lexer.hpp"

namespace deckhand::script {

struct NamedParameterUse {
    std::string name;        // without the ':' ("before")
    std::size_t offset = 0;  // of the ':'
    std::size_t length = 0;  // of ":name"
    std::size_t line = 1;    // 1-based
};

// Every `:name` (a letter or '_' first, then letters, digits and '_') that is SQL rather than
// data, in order. Never throws for any input except std::bad_alloc.
DECKHAND_API std::vector<NamedParameterUse> find_named_parameters(std::string_view sql,
                                                                  SqlDialect dialect);

// A statement with its named parameters numbered: `names[i]` is bound as $(i+1). A name used
// twice gets one number. Line breaks are kept, so lines of `sql` are the lines of the input.
struct NumberedParameters {
    std::string sql;
    std::vector<std::string> names;
};

DECKHAND_API NumberedParameters number_named_parameters(std::string_view sql, SqlDialect dialect);

}  // namespace deckhand::script
