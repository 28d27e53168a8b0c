-- Adding a CHECK constraint means a rebuild too, of a table with two parents.
PRAGMA foreign_keys=off;
BEGIN;
CREATE TABLE memberships_new (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
    PRIMARY KEY (user_id, team_id)
) WITHOUT ROWID;
INSERT INTO memberships_new SELECT user_id, team_id, role FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_new RENAME TO memberships;
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys=on;
