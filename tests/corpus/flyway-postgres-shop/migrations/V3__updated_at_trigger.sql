-- The classic "touch updated_at" trigger, in PL/pgSQL with a dollar-quoted body.
CREATE OR REPLACE FUNCTION shop.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    -- A semicolon inside the body; and a quote ' in a comment.
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER customers_touch_updated_at
    BEFORE UPDATE ON shop.customers
    FOR EACH ROW
    WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION shop.touch_updated_at();

CREATE FUNCTION shop.normalise_sku(raw text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    RETURN upper(trim(raw));

CREATE FUNCTION shop.price_with_tax(cents bigint, rate numeric DEFAULT 0.2)
RETURNS bigint
LANGUAGE sql
IMMUTABLE
BEGIN ATOMIC
    SELECT round(cents * (1 + rate))::bigint;
END;
