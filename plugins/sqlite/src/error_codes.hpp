// Names of SQLite result codes, primary and extended.
#pragma once

#include <string>

namespace deckhand::sqlite {

// "SQLITE_CONSTRAINT_UNIQUE" for 2067; an unknown extended code is named after its primary one.
std::string result_code_name(int code);

}  // namespace deckhand::sqlite
