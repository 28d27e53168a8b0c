-- CRLF inside a trigger body.
CREATE TRIGGER prices_log AFTER UPDATE ON prices
BEGIN
    INSERT INTO stock_log VALUES (
        'price of ' || NEW.item
    );
END;
UPDATE prices SET net = net + 0.01;
