// seed's --output json report: what was seeded, what was left unchanged, what failed, and what
// --migrate applied first.
#pragma once

#include <nlohmann/json.hpp>

#include "deckhand/seed/seeder.hpp"

namespace deckhand::seed {

// {"command": "seed", "dry_run": false, "phase": "pre", "folder": "migrations/seed",
//  "applied": [{"script": "01_users.sql", "checksum": ..., "changed": false, "duration_ms": 3}],
//  "failed": {"script", "checksum", "changed", "duration_ms"} or null, "unchanged": 2,
//  "migrated": <migrate's report> or null (without --migrate), "duration_ms": 9}
// "applied" lists the scripts that ran and were committed; under --dry-run, those that would.
nlohmann::json seed_json(const SeedResult& result, const SeedOptions& options,
                         const std::string& folder);

}  // namespace deckhand::seed
