// Crossing between db::Value / db::Field and SQLite's storage classes.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <optional>
#include <string>

#include "deckhand/db/value.hpp"

namespace deckhand::sqlite {

// 3 for the parameter name "$3"; nullopt for any other name (":x", "?", "$1::text", "$0").
std::optional<std::size_t> parameter_number(const char* name);

// Binds `value` natively (NULL, integer, real, 0/1, text); the text is not copied, so the value
// must outlive the statement's use. Returns SQLite's result code.
int bind_value(sqlite3_stmt* statement, int index, const db::Value& value);

// The column of the current row as text: NULL as nullopt, reals in their shortest form that
// reads back to the same double (as PostgreSQL prints float8), everything else as SQLite
// converts it.
db::Field read_field(sqlite3_stmt* statement, int column);
// The same as a view, valid until the statement steps again; a real is formatted into
// `scratch`, which must live as long.
db::FieldView read_field_view(sqlite3_stmt* statement, int column, std::string& scratch);

std::string format_real(double value);

}  // namespace deckhand::sqlite
