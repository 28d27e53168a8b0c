-- Rules with parenthesised bodies of several statements, as older projects wrote auditing.
CREATE TABLE shop.product_audit (
    product_id  integer NOT NULL,
    action      text NOT NULL,
    old_price   bigint,
    new_price   bigint
);

CREATE TABLE shop.price_changes (
    product_id  integer PRIMARY KEY,
    changes     integer NOT NULL DEFAULT 0
);

CREATE RULE product_price_audit AS ON UPDATE TO shop.products
    WHERE OLD.price IS DISTINCT FROM NEW.price
    DO ALSO (
        INSERT INTO shop.product_audit (product_id, action, old_price, new_price)
            VALUES (OLD.id, 'price; changed', OLD.price, NEW.price);
        INSERT INTO shop.price_changes (product_id) VALUES (OLD.id)
            ON CONFLICT (product_id) DO UPDATE SET changes = shop.price_changes.changes + 1;
    );

CREATE VIEW shop.cheap_products AS
    SELECT id, sku, title, price FROM shop.products WHERE price < 1000;

CREATE RULE cheap_products_delete AS ON DELETE TO shop.cheap_products
    DO INSTEAD NOTHING;

UPDATE shop.products SET price = price + 1 WHERE sku LIKE 'ABC-%';
