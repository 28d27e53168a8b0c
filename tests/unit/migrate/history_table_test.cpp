// The configured history table name (--history-table) checked as SQL identifiers, and Flyway's
// checksum as `baseline --from flyway` compares it (values from an independent CRC-32: Python's
// zlib.crc32 over the text without line breaks, as a signed 32-bit number).
#include "deckhand/migrate/history_table.hpp"

#include <gmock/gmock.h>

#include "deckhand/errors.hpp"
#include "peer_history.hpp"

namespace deckhand::migrate {
namespace {

using ::testing::HasSubstr;

std::string parse_error(const std::string& text) {
    try {
        HistoryTableName::parse(text, "--history-table");
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "(no error)";
}

TEST(HistoryTableName, DefaultsToDeckhandSchemaHistoryInTheCurrentSchema) {
    HistoryTableName name;
    EXPECT_TRUE(name.is_default());
    EXPECT_EQ(name.display(), "deckhand_schema_history");
    EXPECT_TRUE(HistoryTableName::parse("deckhand_schema_history", "x").is_default());
}

TEST(HistoryTableName, FoldsUnquotedNamesToLowerCaseAsPostgresqlDoes) {
    auto name = HistoryTableName::parse("Billing.Schema_History$2", "--history-table");
    EXPECT_EQ(name.schema, "billing");
    EXPECT_EQ(name.table, "schema_history$2");
    EXPECT_EQ(name.display(), "billing.schema_history$2");
    EXPECT_EQ(name.origin, "--history-table");
}

TEST(HistoryTableName, KeepsQuotedNamesExactlyWithTheirQuotesUndoubled) {
    auto name = HistoryTableName::parse("\"My App\".\"Hist\"\"ory\"", "DECKHAND_HISTORY_TABLE");
    EXPECT_EQ(name.schema, "My App");
    EXPECT_EQ(name.table, "Hist\"ory");
    EXPECT_EQ(name.display(), "\"My App\".\"Hist\"\"ory\"");
    EXPECT_EQ(quote_identifier(name.table), "\"Hist\"\"ory\"");
    // A quoted part may hold a dot, a semicolon, a quote: it stays one identifier.
    auto odd = HistoryTableName::parse("\"a.b; DROP TABLE x; --\"", "x");
    EXPECT_EQ(odd.schema, "");
    EXPECT_EQ(odd.table, "a.b; DROP TABLE x; --");
}

TEST(HistoryTableName, RefusesWhatIsNotOneOrTwoIdentifiers) {
    for (const char* text : {"", "history; DROP TABLE users", "a b", "1history", "a.b.c", "a.",
                             ".a", "a..b", "\"\"", "\"unclosed", "\"a\"b", "history--",
                             "schema.\"\"", "\"tab\there\"", "'history'", "a-b", "caf\xc3\xa9"}) {
        EXPECT_THAT(parse_error(text), HasSubstr("--history-table '" + std::string(text) + "'"))
            << text;
    }
    EXPECT_THAT(parse_error("a b"), HasSubstr("is not a table name"));
}

TEST(HistoryTableName, RefusesANamePostgresqlWouldCutShort) {
    const std::string longest(63, 'h');
    EXPECT_EQ(HistoryTableName::parse(longest, "x").table, longest);
    EXPECT_THAT(parse_error(longest + "h"), HasSubstr("longer than 63 bytes"));
}

TEST(FlywayChecksum, IsCrc32OfTheLinesWithoutTheirBreaksAsASignedNumber) {
    EXPECT_EQ(detail::flyway_checksum(""), 0);
    EXPECT_EQ(detail::flyway_checksum("SELECT 1;"), 78787420);
    EXPECT_EQ(detail::flyway_checksum("CREATE TABLE a (x integer);\n"), -853898207);
    EXPECT_EQ(detail::flyway_checksum("CREATE TABLE b (x integer);\n"), -1317295622);
    EXPECT_EQ(detail::flyway_checksum("caf\xc3\xa9\n"), -1733475659);
}

TEST(FlywayChecksum, IgnoresLineEndingsAndAByteOrderMarkAsFlywayDoes) {
    EXPECT_EQ(detail::flyway_checksum("CREATE TABLE a (x integer);\r\n"), -853898207);
    EXPECT_EQ(detail::flyway_checksum("line one\nline two\n"), -1539937341);
    EXPECT_EQ(detail::flyway_checksum("line one\r\nline two"), -1539937341);
    EXPECT_EQ(detail::flyway_checksum("line one\rline two\r"), -1539937341);
    EXPECT_EQ(detail::flyway_checksum("\xEF\xBB\xBFSELECT 1;"), 78787420);
}

}  // namespace
}  // namespace deckhand::migrate
