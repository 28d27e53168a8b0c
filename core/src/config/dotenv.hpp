// A .env file as dbmate reads it (joho/godotenv's rules), for local development: NAME=value
// lines, `export` and `NAME: value` accepted, # comments, 'single' quotes literal, "double"
// quotes with \n escapes, $NAME and ${NAME} expanded (from earlier lines, then the
// environment) outside single quotes. A line that cannot be read is reported, never fatal.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand::config {

struct DotenvValue {
    std::string value;
    std::size_t line = 0;  // where its definition starts, 1-based
};

struct Dotenv {
    std::map<std::string, DotenvValue> values;  // every name the file defines; the last wins
    std::vector<std::string> warnings;          // "<file>:<line>: ..." per line not understood
};

// Parses `text`, read from the file shown as `shown_path` in warnings. `environment` supplies
// what $NAME expands to when the file has not defined NAME. Values are never quoted in warnings
// (a .env holds passwords).
DECKHAND_API Dotenv parse_dotenv(std::string_view text, const std::string& shown_path,
                                 const std::map<std::string, std::string>& environment);

}  // namespace deckhand::config
