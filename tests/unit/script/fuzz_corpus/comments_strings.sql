-- deckhand:no-transaction
/* outer /* nested; */ still; */ SELECT E'it\'s;', 'a''b;' ; ;
CREATE INDEX CONCURRENTLY i ON t(x);
CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END;
