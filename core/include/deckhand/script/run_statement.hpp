// Running one statement of a script on a connection, as psql would send it: COPY ... FROM STDIN
// with the data that follows it, everything else as it is. Shared by migrate, seed and tasks.
#pragma once

#include <string_view>

#include "deckhand/db/connection.hpp"
#include "deckhand/export.hpp"
#include "deckhand/script/splitter.hpp"

namespace deckhand::script {

// Since plugin API 1.2. Runs `statement`, one of split_statements(sql, dialect), through
// Connection::copy_from_stdin with its data when it is a COPY ... FROM STDIN, and through
// execute_script otherwise. A DatabaseError is rethrown with its offset() pointing into `sql`:
// where the server placed the error, in the statement or in a line of its data, or else the
// statement's start; so callers name the line of the file.
DECKHAND_API void run_statement(db::Connection& connection, std::string_view sql,
                                const Statement& statement, SqlDialect dialect);

}  // namespace deckhand::script
