INSERT INTO runs (event) VALUES ('afterEachMigrate');
