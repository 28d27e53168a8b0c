INSERT INTO migration_events (event) VALUES ('afterEachMigrate');
