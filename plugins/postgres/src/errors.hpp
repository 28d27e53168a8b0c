// Errors from libpq turned into the SDK's kinds: DatabaseError with the server's message,
// SQLSTATE and byte offset, and the cleaned-up reason of a failed connection.
#pragma once

#include <libpq-fe.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "deckhand/db/errors.hpp"

namespace deckhand::postgres {

// The error a failed result reports: primary message (with DETAIL and HINT when present),
// SQLSTATE, and offset() as a byte offset into `sql` from the server's character position.
// Client-side failures (the connection is gone) carry libpq's message and SQLSTATE 08006.
db::DatabaseError error_from_result(const PGresult* result, PGconn* connection,
                                    std::string_view sql);

// An error in the data of COPY ... FROM STDIN, placed where the server's CONTEXT says ("COPY t,
// line 3, column b: ..."): offset() at sql.size() plus the offset of that line in `data` (the
// convention of db::Connection::copy_from_stdin), the column added to the message. An error
// with a position in `sql`, or a context without a line, is returned as it is.
db::DatabaseError locate_in_copy_data(const db::DatabaseError& error, const PGresult* result,
                                      std::string_view sql, std::string_view data);

// A field of a result's error (PG_DIAG_SEVERITY_NONLOCALIZED, PG_DIAG_MESSAGE_PRIMARY, ...);
// empty when the result or the field is absent.
std::string_view error_field(const PGresult* result, int code);

// An error libpq reported without a result (a send that failed, a broken connection).
db::DatabaseError error_from_connection(PGconn* connection);

// `sql` as the C string libpq sends. libpq would stop at a NUL byte inside it, and the server
// would run the text before it as if it were all: refused instead, with the byte's offset, which
// callers turn into a line.
const char* whole_sql(const std::string& sql);

// The server's statement for a prepared name went away (DEALLOCATE, DISCARD) or no longer fits
// the table it reads (a column added behind a SELECT *): the statement is to be prepared afresh.
bool stale_prepared_statement(const db::DatabaseError& error);

// libpq's 1-based character position in UTF-8 `text` as a byte offset, clamped to its size.
std::size_t byte_offset_of_character(std::string_view text, std::size_t position);

// libpq's connection failure message as a reason: without the "connection to server at ...
// failed:" and "FATAL:" prefixes, its lines joined with "; ".
std::string connection_failure_reason(std::string_view libpq_message);

}  // namespace deckhand::postgres
