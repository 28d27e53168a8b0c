CREATE TABLE kv (
    k       TEXT PRIMARY KEY,
    v       TEXT,
    updated TEXT
);
