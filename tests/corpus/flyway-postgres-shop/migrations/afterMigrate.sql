-- After every migrate: fresh reporting data and read access for everyone.
REFRESH MATERIALIZED VIEW shop.sales_by_month;
REFRESH MATERIALIZED VIEW shop.product_search;
GRANT USAGE ON SCHEMA shop TO PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA shop TO PUBLIC;
