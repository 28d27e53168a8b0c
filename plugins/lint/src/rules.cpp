// The rule table: ids, reasons, safe alternatives and examples (see rules.hpp).
#include "deckhand/lint/rules.hpp"

namespace deckhand::lint {

std::string_view to_string(Category category) noexcept {
    switch (category) {
        case Category::breaks_previous_version:
            return "breaks the previous version";
        case Category::locks:
            return "locks a busy table";
        case Category::hygiene:
            return "hygiene";
        case Category::sqlite:
            return "sqlite";
        case Category::waiver:
            return "waiver";
    }
    return "hygiene";
}

const std::vector<RuleInfo>& rules() {
    static const std::vector<RuleInfo> table{
        // Breaks the application version that still serves traffic during the rollout.
        {"not-null-without-default", Category::breaks_previous_version, "postgres, sqlite",
         "the previous version inserts rows without the new column, and those inserts fail (on a "
         "table with rows, the statement itself fails)",
         "add the column nullable or with a DEFAULT; set NOT NULL in post/ once every writer "
         "fills it",
         "ALTER TABLE users ADD COLUMN team_id bigint NOT NULL;"},
        {"drop-column", Category::breaks_previous_version, "postgres, sqlite",
         "the previous version still reads and writes the column until the rollout ends",
         "stop using the column in one release, then drop it in post/ (the post-deployment "
         "phase)",
         "ALTER TABLE users DROP COLUMN nickname;"},
        {"drop-table", Category::breaks_previous_version, "postgres, sqlite",
         "the previous version still reads and writes the table until the rollout ends",
         "stop using the table in one release, then drop it in post/", "DROP TABLE sessions;"},
        {"drop-view", Category::breaks_previous_version, "postgres, sqlite",
         "the previous version may still query the view until the rollout ends",
         "replace the view in the same script (CREATE OR REPLACE VIEW, or DROP and CREATE), or "
         "drop it in post/",
         "DROP VIEW active_users;"},
        {"drop-schema", Category::breaks_previous_version, "postgres",
         "every table, view and function of the schema goes with it while the previous version "
         "uses them",
         "drop it in post/ once nothing uses it", "DROP SCHEMA reporting CASCADE;"},
        {"rename-column", Category::breaks_previous_version, "postgres, sqlite",
         "the previous version still uses the old name, and its queries fail",
         "add the new column, write both, backfill, switch reads, drop the old one in post/",
         "ALTER TABLE users RENAME COLUMN name TO full_name;"},
        {"rename-table", Category::breaks_previous_version, "postgres, sqlite",
         "the previous version still uses the old name, and its queries fail",
         "rename it and create a view with the old name in the same script (drop the view in "
         "post/), or copy the data to a new table",
         "ALTER TABLE users RENAME TO accounts;"},
        {"change-column-type", Category::breaks_previous_version, "postgres, sqlite",
         "the previous version may read or write values the new type refuses, and on PostgreSQL "
         "the table is rewritten under an ACCESS EXCLUSIVE lock",
         "add a column of the new type, write both, backfill in batches, switch reads, drop the "
         "old one in post/ (widening varchar(n) to a larger n or to text is safe)",
         "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);"},
        {"drop-default", Category::breaks_previous_version, "postgres, sqlite",
         "the previous version inserts rows without the column and relies on the default",
         "drop the default in post/, once no writer relies on it",
         "ALTER TABLE users ALTER COLUMN role DROP DEFAULT;"},
        {"new-unique-or-check", Category::breaks_previous_version, "postgres, sqlite",
         "the previous version does not know the constraint and may write rows that violate it",
         "ship the application version that respects the constraint first, then add it in "
         "post/ (or waive it, saying why the previous version already obeys it)",
         "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"},
        // Locks a busy table.
        {"index-without-concurrently", Category::locks, "postgres",
         "CREATE INDEX blocks every write to the table until the index is built",
         "CREATE INDEX CONCURRENTLY, in a script of its own with -- deckhand:no-transaction",
         "CREATE INDEX users_email_idx ON users (email);"},
        {"drop-index-without-concurrently", Category::locks, "postgres",
         "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table: reads and writes queue behind "
         "it",
         "DROP INDEX CONCURRENTLY IF EXISTS, in a script with -- deckhand:no-transaction",
         "DROP INDEX users_email_idx;"},
        {"concurrently-in-transaction", Category::locks, "postgres",
         "PostgreSQL refuses CONCURRENTLY inside a transaction block, so the script fails",
         "put the statement in a script of its own, marked -- deckhand:no-transaction",
         "CREATE TABLE audit (id bigint);\nCREATE INDEX CONCURRENTLY users_email_idx ON users "
         "(email);"},
        {"constraint-without-not-valid", Category::locks, "postgres",
         "adding a FOREIGN KEY or CHECK scans the whole table while it blocks writes (and, for a "
         "foreign key, writes to the referenced table)",
         "add it NOT VALID, then VALIDATE CONSTRAINT in a later statement or script (that scan "
         "lets writes through)",
         "ALTER TABLE orders ADD CONSTRAINT orders_user_fkey FOREIGN KEY (user_id) REFERENCES "
         "users (id);"},
        {"set-not-null", Category::locks, "postgres",
         "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
         "ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT "
         "NULL (PostgreSQL 12+ uses the validated check and skips the scan), then drop the check",
         "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"},
        {"unique-without-index", Category::locks, "postgres",
         "adding a UNIQUE or PRIMARY KEY constraint builds its index while it blocks writes",
         "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX",
         "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"},
        {"add-column-rewrites-table", Category::locks, "postgres",
         "a volatile default (random(), gen_random_uuid(), nextval/serial), a stored generated "
         "column, or any default before PostgreSQL 11 rewrites the whole table under an ACCESS "
         "EXCLUSIVE lock",
         "add the column without the default (or with a constant one on PostgreSQL 11+), set "
         "the default afterwards, and backfill existing rows in batches",
         "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();"},
        {"vacuum-full", Category::locks, "postgres",
         "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock",
         "plain VACUUM, or pg_repack outside the migration", "VACUUM FULL events;"},
        {"cluster", Category::locks, "postgres",
         "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock",
         "pg_repack outside the migration, or leave the order to the planner",
         "CLUSTER events USING events_created_at_idx;"},
        {"lock-timeout-missing", Category::locks, "postgres",
         "with no lock_timeout, a statement that waits for an ACCESS EXCLUSIVE lock makes every "
         "query on the table queue behind it",
         "keep deckhand migrate's --ddl-lock-timeout (10s by default) in force; do not SET "
         "lock_timeout = 0 in a script",
         "SET lock_timeout = 0;\nALTER TABLE users ADD COLUMN note text;"},
        // Hygiene.
        {"not-retryable", Category::hygiene, "postgres",
         "a script that runs outside a transaction can fail half-way; without IF [NOT] EXISTS "
         "its next run fails on what the first one did",
         "use IF NOT EXISTS / IF EXISTS (or DROP ... IF EXISTS first, as for an invalid index "
         "left by a failed CONCURRENTLY build)",
         "-- deckhand:no-transaction\nCREATE INDEX CONCURRENTLY users_email_idx ON users "
         "(email);"},
        {"identifier-too-long", Category::hygiene, "postgres",
         "PostgreSQL truncates identifiers to 63 bytes, so the object gets another name than "
         "the one written (and two long names may collide)",
         "use a name of at most 63 bytes",
         "CREATE INDEX CONCURRENTLY "
         "a_name_that_goes_on_and_on_and_on_for_far_more_than_sixty_three_bytes ON t (c);"},
        {"truncate-cascade", Category::hygiene, "postgres",
         "TRUNCATE ... CASCADE also empties every table that references this one, which the "
         "script does not name",
         "name every table to empty, without CASCADE", "TRUNCATE users CASCADE;"},
        {"prefer-jsonb", Category::hygiene, "postgres",
         "json keeps the text as written: no indexes, no equality, slower to query", "use jsonb",
         "ALTER TABLE events ADD COLUMN payload json;"},
        {"prefer-identity", Category::hygiene, "postgres",
         "serial makes a sequence that the column does not own in the SQL standard's sense: "
         "grants, copies and dumps get it wrong",
         "use bigint GENERATED BY DEFAULT AS IDENTITY",
         "CREATE TABLE events (id serial PRIMARY KEY);"},
        {"prefer-timestamptz", Category::hygiene, "postgres",
         "timestamp without time zone stores wall-clock time with no zone, so values shift "
         "with the session's TimeZone",
         "use timestamptz", "ALTER TABLE events ADD COLUMN happened_at timestamp;"},
        {"prefer-text", Category::hygiene, "postgres",
         "varchar(n) is no faster than text, and raising n later is a migration of its own",
         "use text, with a CHECK (length(col) <= n) if the limit matters",
         "ALTER TABLE users ADD COLUMN nickname varchar(40);"},
        {"syntax-error", Category::hygiene, "postgres, sqlite",
         "the database refuses the script, so the migration fails",
         "fix the SQL (deckhand lint reports where the parser stopped)",
         "ALTER TABLE users ADD COLUMN;"},
        // SQLite.
        {"rebuild-reorders-columns", Category::sqlite, "sqlite",
         "after the table rebuild the columns are in another order, so the previous version's "
         "SELECT * and INSERT without a column list read and write the wrong columns",
         "keep the existing columns in their order and add new ones at the end",
         "CREATE TABLE users_new (id INTEGER PRIMARY KEY, email TEXT, name TEXT);\n"
         "INSERT INTO users_new SELECT id, email, name FROM users;\nDROP TABLE users;\n"
         "ALTER TABLE users_new RENAME TO users;"},
        {"drop-referenced-column", Category::sqlite, "sqlite",
         "another table's foreign key references the column: SQLite refuses the drop, or "
         "leaves a foreign key that no row can satisfy",
         "drop the foreign key first (a table rebuild of the referencing table), in post/",
         "ALTER TABLE users DROP COLUMN email;  -- invitations.email REFERENCES users (email)"},
        // Waivers.
        {"waiver-without-reason", Category::waiver, "postgres, sqlite",
         "a waiver must say why the rule does not apply here, for the reviewer and the next "
         "reader",
         "-- deckhand:allow <rule> <reason>",
         "-- deckhand:allow drop-column\nALTER TABLE users DROP COLUMN nickname;"},
        {"waiver-unknown-rule", Category::waiver, "postgres, sqlite",
         "the waiver names no rule deckhand knows, so it waives nothing (a typo?)",
         "name a rule from `deckhand help lint`",
         "-- deckhand:allow drop-colum the column was never read"},
    };
    return table;
}

const RuleInfo* find_rule(std::string_view id) noexcept {
    for (const auto& rule : rules()) {
        if (rule.id == id) {
            return &rule;
        }
    }
    return nullptr;
}

}  // namespace deckhand::lint
