INSERT INTO migration_events (event) VALUES ('beforeEachMigrate');
