// The history tables of the tools teams come from — Flyway (flyway_schema_history), golang-migrate
// (schema_migrations with a dirty flag) and dbmate (schema_migrations of versions) — found in a
// database that meets deckhand for the first time, and their rows turned into deckhand's.
//
// The tables' shapes are the tools' own: Flyway's createMetaDataTable.sql per database,
// golang-migrate's database/postgres and database/sqlite3 drivers (one row: the newest version
// and whether it is dirty), dbmate's one column of applied versions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "deckhand/db/connection.hpp"
#include "deckhand/migrate/engine.hpp"
#include "deckhand/migrate/history.hpp"

namespace deckhand::migrate::detail {

struct PeerHistory {
    PeerTool tool = PeerTool::flyway;
    HistoryTable table;
    std::int64_t rows = 0;  // rows in the table (golang-migrate: 0 or 1)
};

// The peer table that sits beside `ours` (same schema, the tool's default name) and records at
// least one migration; nothing when there is none. An empty peer table manages nothing.
std::optional<PeerHistory> find_peer_history(db::Connection& connection, const HistoryTable& ours);

// The table `baseline --from tool` reads: `table` when given (in ours's schema unless it names
// one), else the tool's default. Throws WorkFailed when it is missing or not shaped like that
// tool's table.
PeerHistory open_peer_history(db::Connection& connection, PeerTool tool, const HistoryTable& ours,
                              const std::optional<HistoryTableName>& table);

// Deckhand's rows for what the peer recorded as applied, ranked from 1, installed by
// `installed_by` unless the peer kept its own user. Throws WorkFailed, naming the version, when
// the peer recorded a failed (Flyway) or dirty (golang-migrate) migration.
std::vector<HistoryRow> import_peer_rows(db::Connection& connection, const PeerHistory& peer,
                                         const script::MigrationSet& migrations,
                                         const std::string& installed_by);

// The sentence migrate refuses with: the table found, and the one command that takes it over.
std::string peer_refusal(const PeerHistory& peer);

// Flyway's checksum of a script: CRC-32 of its lines' UTF-8 bytes without the line breaks (and
// without a byte-order mark), as a signed 32-bit number, as Flyway's ChecksumCalculator takes it.
std::int32_t flyway_checksum(std::string_view text);

// Objects in `table`'s schema other than deckhand's own tables (at most `limit` names, and how
// many there are): what makes a schema "not empty" for --baseline-on-migrate and the hint at a
// first script that fails.
struct SchemaObjects {
    std::int64_t count = 0;
    std::vector<std::string> names;
};
SchemaObjects objects_beside(db::Connection& connection, const HistoryTable& table,
                             std::size_t limit = 3);

}  // namespace deckhand::migrate::detail
