// What the PostgreSQL rules need to know about types and expressions in libpg_query's parse tree:
// a column type's name and modifiers, whether a type change is a binary-compatible widening, and
// whether a default is constant enough not to rewrite the table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace deckhand::lint::pg {

struct ColumnType {
    std::string name;             // "int4", "varchar", "timestamp", "serial"
    std::vector<long> modifiers;  // varchar(40) -> {40}; numeric(12,2) -> {12, 2}
    bool array = false;
    bool known = false;  // false when the column's type is not known (no earlier CREATE)
};

// The type of a TypeName node.
ColumnType column_type(const nlohmann::json& type_name);

// "varchar(40)", "int8[]": how messages show a type.
std::string describe(const ColumnType& type);

// True when changing `from` to `to` needs no rewrite and refuses no value the old type held:
// varchar(n) to varchar(m >= n), varchar or text; text to varchar; numeric(p,s) to numeric(q >= p,
// s) or numeric; the same type.
bool binary_compatible_widening(const ColumnType& from, const ColumnType& to);

// True for a default PostgreSQL 11+ stores in the catalog instead of writing to every row: a
// constant, a cast of one, CURRENT_TIMESTAMP and the like, now(). Anything else (random(),
// gen_random_uuid(), nextval(), a function deckhand does not know) counts as volatile.
bool non_volatile_default(const nlohmann::json& expression);

}  // namespace deckhand::lint::pg
