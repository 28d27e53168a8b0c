// The types a task parameter may declare (string, int, bool, date, timestamp, uuid,
// enum(a|b|c)), and the one place where a value given on the command line is checked against
// its type and turned into what the driver binds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "deckhand/db/value.hpp"

namespace deckhand::tasks {

struct ParamType {
    enum class Kind { string, integer, boolean, date, timestamp, uuid, enumeration };
    Kind kind = Kind::string;
    std::vector<std::string> choices;  // enumeration only, in declared order

    // As declared: "int", "enum(draft|published)".
    std::string declared() const;
    // For usage lines: "TEXT", "N", "true|false", "YYYY-MM-DD", "draft|published", ...
    std::string value_name() const;
};

// Parses a declared type; returns false (with `why` set) when the text is not one.
bool parse_param_type(std::string_view text, ParamType& out, std::string& why);

// Checks `text` against `type` and returns the value to bind: int → int64, bool → bool,
// everything else → text (dates, timestamps and UUIDs in one normal form). Throws UsageError
// "<what> expects ..., not '<text>'" when the value does not fit.
db::Value convert_param_value(const ParamType& type, std::string_view text, std::string_view what);

}  // namespace deckhand::tasks
