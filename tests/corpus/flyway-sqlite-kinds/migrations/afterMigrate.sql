INSERT INTO runs (event) VALUES ('afterMigrate');
