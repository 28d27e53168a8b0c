CREATE MATERIALIZED VIEW shop.sales_by_month AS
SELECT date_trunc('month', o.placed_on)::date AS month,
       count(*)                              AS orders,
       sum(o.total)                          AS revenue
FROM shop.orders o
WHERE o.status <> 'cancelled'
GROUP BY 1
WITH DATA;

CREATE UNIQUE INDEX sales_by_month_month_key ON shop.sales_by_month (month);

CREATE MATERIALIZED VIEW shop.product_search AS
SELECT id, to_tsvector('simple', title) AS document FROM shop.products
WITH NO DATA;
