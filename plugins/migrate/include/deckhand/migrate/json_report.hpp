// The JSON forms of what the migrate plugin's commands did, for --output json and for the
// fields of their log events: one object per script, and one report per command. Durations are
// milliseconds as JSON numbers; a version is a string ("1.2", compared numerically by
// deckhand) or null.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "deckhand/migrate/engine.hpp"

namespace deckhand::migrate {

// "versioned", "repeatable", "baseline", "undo" or "callback".
std::string_view kind_name(script::ScriptKind kind) noexcept;

// {"script": "V2__users.sql", "version": "2" or null, "description": "users",
//  "kind": "versioned", "phase": "pre", "checksum": "<sha-256 hex>", "transaction": true}
nlohmann::json script_json(const script::Migration& migration);

// migrate's report:
// {"command": "migrate", "phase": "pre", "dry_run": false, "target": "3" or null,
//  "applied": [<script_json> + "duration_ms"], "skipped": [<script_json> + "reason"],
//  "failed": <script_json> + "duration_ms", or null,
//  "baselined_at": "1" or null, "duration_ms": 40, "schema_version": "3" or null}
// Under --dry-run, "applied" lists what would run (duration_ms 0).
nlohmann::json migrate_json(const MigrateResult& result, const MigrateOptions& options);

// validate's report: {"command": "validate", "valid": true, "validated": 4 (applied scripts
//  checked), "problems": ["<sentence naming the file>", ...], "schema_version": "4" or null}
nlohmann::json validate_json(std::size_t validated, const std::vector<std::string>& problems,
                             const std::optional<script::Version>& schema_version);

// baseline's report: {"command": "baseline", "version": "5" or null, "from": "flyway" or null,
//  "rows": 3, "written": [{"script", "version", "description", "type", "checksum"}],
//  "schema_version": "5" or null}
nlohmann::json baseline_json(const BaselineResult& result, const BaselineOptions& options);

// repair's report: {"command": "repair", "removed": ["V3__x.sql", ...], "realigned": [...]}
nlohmann::json repair_json(const RepairResult& result);

// A version as JSON: its text, or null.
nlohmann::json version_json(const std::optional<script::Version>& version);

}  // namespace deckhand::migrate
