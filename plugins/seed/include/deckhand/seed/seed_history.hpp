// The seed history table, deckhand_seed_history beside the schema history (where the migrations
// service's seed_history puts it): one row per seed script with the checksum it was last applied
// with, so that a re-run applies only new or changed scripts. Created on first use with the column
// types of the connection's dialect.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "deckhand/db/connection.hpp"
#include "deckhand/migrations_service.hpp"

namespace deckhand::seed {

struct SeedRow {
    std::string script;
    std::string checksum;
    std::string applied_on;  // ISO 8601 UTC
    std::int64_t execution_time_ms = 0;
    std::string applied_by;
};

class SeedHistory {
  public:
    SeedHistory(db::Connection& connection, HistorySibling table);

    // Whether the table exists (read-only: dry runs never create it).
    bool exists();
    // CREATE TABLE IF NOT EXISTS; call outside a transaction, holding the migration lock.
    void create_if_missing();
    // Every row by script; the table must exist.
    std::map<std::string, SeedRow> read();
    // Inserts the script's row, or replaces it after a changed script was applied again
    // (applied_on is the server's clock).
    void record(const std::string& script, const std::string& checksum,
                std::int64_t execution_time_ms, const std::string& applied_by);

  private:
    db::Connection& connection_;
    HistorySibling table_;
    std::string select_sql_;
    std::string record_sql_;  // one text, so the driver prepares it once
};

}  // namespace deckhand::seed
