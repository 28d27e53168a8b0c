-- Release 3: authors. A new table is invisible to the release-2 application still running
-- during the rollout. The email is the natural key (the seed data upserts by it).
CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
