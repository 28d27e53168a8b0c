// sqlite: URLs as the SQLite driver reads them: relative, absolute and in-memory forms, and a
// sentence naming the URL's origin for one that names no file.
#include "url.hpp"

#include <gtest/gtest.h>

#include "deckhand/errors.hpp"
#include "deckhand/sqlite/sqlite_connection.hpp"

using deckhand::ConfigError;
using deckhand::parse_database_url;
using deckhand::sqlite::Location;

namespace {

Location parsed(const std::string& text) {
    return deckhand::sqlite::parse_url(parse_database_url(text, "--database-url"));
}

std::string rejection(const std::string& text) {
    try {
        deckhand::sqlite::check_sqlite_url(parse_database_url(text, "--database-url"));
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST(SqliteUrl, RelativeAbsoluteAndMemoryForms) {
    EXPECT_EQ(parsed("sqlite:data/app.db").path, "data/app.db");
    EXPECT_FALSE(parsed("sqlite:data/app.db").in_memory);
    EXPECT_EQ(parsed("sqlite:///var/lib/app.db").path, "/var/lib/app.db");
    EXPECT_EQ(parsed("sqlite:/var/lib/app.db").path, "/var/lib/app.db");
    EXPECT_EQ(parsed("sqlite3:my%20app.db").path, "my app.db");
    EXPECT_TRUE(parsed("sqlite::memory:").in_memory);
    EXPECT_EQ(parsed("sqlite::memory:").path, ":memory:");
}

TEST(SqliteUrl, AUrlThatNamesNoFileIsRefusedNamingItsOrigin) {
    EXPECT_EQ(rejection("sqlite:"),
              "the database URL from --database-url names no file (write "
              "sqlite:path/to/file.db)");
    EXPECT_NE(rejection("sqlite://relative.db").find("no absolute path"), std::string::npos);
    EXPECT_NE(rejection("sqlite:a%zz.db").find("malformed percent-escape in its path"),
              std::string::npos);
    EXPECT_EQ(rejection("sqlite:app.db"), "(accepted)");
}
