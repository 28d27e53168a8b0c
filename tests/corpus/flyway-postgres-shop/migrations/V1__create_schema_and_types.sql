-- Shop schema: the types every later table uses.
CREATE SCHEMA IF NOT EXISTS shop;

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;

CREATE DOMAIN shop.email AS public.citext
    CHECK (VALUE ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$');

CREATE DOMAIN shop.money_cents AS bigint
    NOT NULL DEFAULT 0
    CONSTRAINT money_cents_non_negative CHECK (VALUE >= 0);

CREATE TYPE shop.order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');

CREATE TYPE shop.address AS (
    street  text,
    city    text,
    zip     varchar(10),
    country char(2)
);

COMMENT ON SCHEMA shop IS 'Orders, customers and products; semicolons; in; a; comment';
