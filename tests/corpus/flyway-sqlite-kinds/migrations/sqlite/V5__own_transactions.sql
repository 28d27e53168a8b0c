-- Run outside deckhand's transaction (executeInTransaction=false): SQLite's twelve steps with
-- their own BEGIN and COMMIT, as the SQLite page writes them.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE kv_new (k TEXT PRIMARY KEY, v TEXT NOT NULL DEFAULT '', updated TEXT);
INSERT INTO kv_new SELECT k, coalesce(v, ''), updated FROM kv;
DROP TABLE kv;
ALTER TABLE kv_new RENAME TO kv;
COMMIT;
PRAGMA foreign_keys=ON;
