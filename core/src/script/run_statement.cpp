// One statement of a script on a connection, with errors placed in the script.
#include "deckhand/script/run_statement.hpp"

#include <algorithm>
#include <string>

namespace deckhand::script {

void run_statement(db::Connection& connection, std::string_view sql, const Statement& statement,
                   SqlDialect dialect) {
    const std::string text(statement.text);
    const auto data = copy_data(sql, statement, dialect);
    try {
        if (data) {
            connection.copy_from_stdin(text, data->text);
        } else {
            connection.execute_script(text);
        }
    } catch (const db::DatabaseError& error) {
        std::size_t offset = statement.offset;
        if (const auto within = error.offset()) {
            offset = *within < text.size() || !data
                         ? statement.offset + *within
                         : data->offset + std::min(*within - text.size(), data->text.size());
        }
        throw db::DatabaseError(error.what(), error.code(), std::min(offset, sql.size()));
    }
}

}  // namespace deckhand::script
