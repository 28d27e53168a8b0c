// sqlite: URLs (and sqlite3:) read as the file they name: the SQLite driver's half of a
// database URL, the core keeping its scheme, text and redaction.
#pragma once

#include <string>

#include "deckhand/database_url.hpp"

namespace deckhand::sqlite {

struct Location {
    std::string path;  // the file, or ":memory:"
    bool in_memory = false;
};

// sqlite:relative/file.db, sqlite:/absolute/file.db, sqlite:///absolute/file.db, sqlite::memory:
// (any scheme: a driver of another scheme over SQLite reads its URLs alike). Throws ConfigError
// naming url.origin for a URL that names no file.
Location parse_url(const DatabaseUrl& url);

}  // namespace deckhand::sqlite
