// libpg_query's JSON parse tree, copied out and freed at once.
#include "deckhand/lint/pg_parser.hpp"

#include <pg_query.h>

namespace deckhand::lint {

PgParseResult parse_postgres(const std::string& sql) {
    PgQueryParseResult parsed = pg_query_parse(sql.c_str());
    PgParseResult result;
    if (parsed.error != nullptr) {
        result.error = parsed.error->message != nullptr ? parsed.error->message : "syntax error";
        result.cursor =
            parsed.error->cursorpos > 0 ? static_cast<std::size_t>(parsed.error->cursorpos) : 0;
    } else if (parsed.parse_tree != nullptr) {
        result.json = parsed.parse_tree;
    }
    pg_query_free_parse_result(parsed);
    return result;
}

}  // namespace deckhand::lint
