CREATE OR REPLACE VIEW shop.order_summary AS
SELECT o.id,
       c.name  AS customer,
       o.status,
       o.total,
       shop.price_with_tax(o.total) AS total_with_tax,
       (SELECT count(*) FROM shop.order_lines l WHERE l.order_id = o.id) AS lines
FROM shop.orders o
JOIN shop.customers c ON c.id = o.customer_id;

CREATE OR REPLACE FUNCTION shop.customer_orders(customer bigint)
RETURNS SETOF shop.order_summary
LANGUAGE sql STABLE
AS 'SELECT s.* FROM shop.order_summary s JOIN shop.orders o ON o.id = s.id WHERE o.customer_id = $1';
