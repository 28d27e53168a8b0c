CREATE TABLE stock (item TEXT PRIMARY KEY, level INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE stock_log (msg TEXT);

CREATE TRIGGER stock_guard BEFORE UPDATE OF level ON stock
FOR EACH ROW WHEN NEW.level < 0
BEGIN
    SELECT RAISE(ABORT, 'stock below zero; END; not the end');
END;

CREATE TRIGGER stock_logger AFTER UPDATE ON stock
BEGIN
    INSERT INTO stock_log VALUES (
        CASE WHEN NEW.level > OLD.level THEN 'up; ' || NEW.item
             WHEN NEW.level < OLD.level THEN 'down; ' || NEW.item
             ELSE 'same' END
    );
    INSERT INTO stock_log SELECT 'case ' || CASE NEW.level WHEN 0 THEN 'empty' ELSE 'some' END;
END;

INSERT INTO stock VALUES ('apple', 5), ('pear', 0);
UPDATE stock SET level = level + 1;
UPDATE stock SET level = 0 WHERE item = 'apple';
