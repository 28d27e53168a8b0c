INSERT INTO migration_events (event) VALUES ('afterMigrateError: never on a good run');
