CREATE TABLE shop.customers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       shop.email NOT NULL UNIQUE,
    name        text NOT NULL,
    address     shop.address,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shop.products (
    id          serial PRIMARY KEY,
    sku         text NOT NULL,
    title       text NOT NULL,
    price       shop.money_cents,
    tags        text[] NOT NULL DEFAULT '{}',
    attributes  jsonb NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT products_sku_format CHECK (sku ~ '^[A-Z]{3}-[0-9]{4}$')
);

CREATE UNIQUE INDEX products_sku_key ON shop.products (lower(sku));
CREATE INDEX products_tags_idx ON shop.products USING gin (tags);

COMMENT ON COLUMN shop.products.attributes IS 'Free-form; e.g. {"colour": "red"}';
