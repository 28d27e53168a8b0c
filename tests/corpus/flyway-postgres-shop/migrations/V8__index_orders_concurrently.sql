-- Built without locking writes: CONCURRENTLY cannot run in a transaction, and this script
-- holds nothing else, so it runs outside one (as Flyway runs it).
CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_name_idx ON shop.customers (name);

CREATE UNIQUE INDEX CONCURRENTLY products_title_key ON shop.products (title);
