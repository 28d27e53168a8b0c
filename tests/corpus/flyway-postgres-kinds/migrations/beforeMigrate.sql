CREATE TABLE IF NOT EXISTS migration_events (
    id    serial PRIMARY KEY,
    event text NOT NULL
);
INSERT INTO migration_events (event) VALUES ('beforeMigrate');
