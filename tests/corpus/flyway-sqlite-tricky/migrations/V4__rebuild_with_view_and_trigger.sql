-- A rebuild of a table that a view and a trigger depend on: the view is dropped and made
-- again, as SQLite's page says (step 8 and 10).
CREATE VIEW stock_levels AS SELECT item, level FROM stock;

PRAGMA foreign_keys=OFF;

DROP VIEW stock_levels;
CREATE TABLE stock_new (
    item  TEXT PRIMARY KEY,
    level INTEGER NOT NULL CHECK (level >= 0),
    shelf TEXT
) WITHOUT ROWID;
INSERT INTO stock_new (item, level) SELECT item, level FROM stock;
DROP TABLE stock;
ALTER TABLE stock_new RENAME TO stock;
CREATE TRIGGER stock_logger AFTER UPDATE ON stock
BEGIN
    INSERT INTO stock_log VALUES ('changed ' || NEW.item);
END;
CREATE VIEW stock_levels AS SELECT item, level, shelf FROM stock;

PRAGMA foreign_key_check;
PRAGMA foreign_keys=ON;

UPDATE stock SET shelf = 'A1';
