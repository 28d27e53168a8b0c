PRAGMA foreign_keys=off;
BEGIN TRANSACTION;
CREATE TABLE teams_old (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO teams_old SELECT id, name FROM teams;
DROP TABLE teams;
ALTER TABLE teams_old RENAME TO teams;
COMMIT;
PRAGMA foreign_keys=on;
