PRAGMA foreign_keys=off;

BEGIN TRANSACTION;

CREATE TABLE teams_new (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT '1970-01-01'
);

INSERT INTO teams_new (id, name, slug) SELECT id, name, lower(name) FROM teams;

DROP TABLE teams;

ALTER TABLE teams_new RENAME TO teams;

CREATE INDEX teams_name_idx ON teams (name);

COMMIT;

PRAGMA foreign_keys=on;
