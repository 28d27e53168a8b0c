GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC;
INSERT INTO migration_events (event) VALUES ('afterMigrate');
