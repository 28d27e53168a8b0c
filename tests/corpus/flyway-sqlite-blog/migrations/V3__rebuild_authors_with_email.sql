-- SQLite cannot add a NOT NULL column without a default or change a column's type: the
-- table is rebuilt in SQLite's documented twelve steps, keeping every row and every child.
PRAGMA foreign_keys = OFF;

CREATE TABLE authors_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    handle     TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

INSERT INTO authors_new (id, handle, name, email, created_at)
SELECT id, handle, name, handle || '@example.com', created_at FROM authors;

DROP TABLE authors;

ALTER TABLE authors_new RENAME TO authors;

PRAGMA foreign_key_check;

PRAGMA foreign_keys = ON;
