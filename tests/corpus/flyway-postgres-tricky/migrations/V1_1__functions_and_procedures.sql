CREATE FUNCTION nested_tags(x integer) RETURNS text
LANGUAGE plpgsql
AS $outer$
DECLARE
    q text := $inner$ SELECT 1; $$ not the end $$ $inner$;
BEGIN
    IF x > 0 THEN
        RETURN 'positive; ' || q;
    END IF;
    RETURN $$negative$$;
END;
$outer$;

CREATE PROCEDURE add_row(label text)
LANGUAGE sql
AS $$
    INSERT INTO "odd;names" ("semi;colon") VALUES (label);
$$;

CALL add_row('from a procedure; called');

CREATE FUNCTION set_returning() RETURNS TABLE (n integer, sq integer)
LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
    SELECT g, g * g FROM generate_series(1, 3) AS g;
END;

CREATE TABLE squares AS SELECT * FROM set_returning();
