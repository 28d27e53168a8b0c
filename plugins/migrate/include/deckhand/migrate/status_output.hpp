// How `status` shows a Status: an aligned table for people, or JSON for scripts.
#pragma once

#include <ostream>

#include "deckhand/migrate/status.hpp"

namespace deckhand::migrate {

// One row per entry (VERSION, DESCRIPTION, TYPE, PHASE, STATE, INSTALLED ON, CHECKSUM), then a
// line saying whether `phase` is current. TYPE says ", no transaction" for a script that runs
// outside one.
void write_status_table(std::ostream& out, const Status& status, script::Phase phase);

// {"phase": "pre", "current": true, "outstanding": 0, "schema_version": "5",
//  "history_table_exists": true,
//  "migrations": [{"version": "1", "description": ..., "type": "SQL", "phase": "pre",
//                  "kind": "versioned", "repeatable": false, "state": "applied",
//                  "transaction": true, "script": ..., "installed_on": ...,
//                  "execution_time_ms": 12, "checksum": ...}, ...]}
// kind is versioned, repeatable, baseline or undo; transaction says whether the file runs in a
// transaction (null when this build has no file). version, installed_on and execution_time_ms
// are null where there is none. Keys are sorted and indented by two spaces, as nlohmann's
// dump(2) writes them. "ok" and "exit_status" are as in every command's --output json report
// (deckhand/json_report.hpp): exit_status is 1 when --fail-on-pending finds the phase not
// current.
void write_status_json(std::ostream& out, const Status& status, script::Phase phase,
                       int exit_status = 0);

}  // namespace deckhand::migrate
