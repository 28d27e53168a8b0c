--
-- Data as pg_dump writes it: COPY ... FROM stdin with the rows inline.
--

COPY shop.products (id, sku, title, price, tags, attributes) FROM stdin;
1	ABC-0001	Kettle	2999	{kitchen,electric}	{"colour": "steel"}
2	ABC-0002	Tea; loose leaf	899	{kitchen,food}	{}
3	XYZ-0100	Tab\tseparated title	100	{}	{"note": "back\\\\slash"}
4	XYZ-0101	\N-free title	0	{misc}	{}
\.

SELECT pg_catalog.setval('shop.products_id_seq', 4, true);

COPY shop.customers (id, email, name, address, created_at, updated_at) FROM stdin WITH (FORMAT csv, HEADER true);
id,email,name,address,created_at,updated_at
1,ada@example.com,Ada Lovelace,"(""12 St James's Square"",London,SW1Y,GB)",2024-01-01 09:00:00+00,2024-01-01 09:00:00+00
2,grace@example.org,"Hopper, Grace",,2024-01-02 09:00:00+00,2024-01-02 09:00:00+00
\.

SELECT pg_catalog.setval(pg_get_serial_sequence('shop.customers', 'id'), 2, true);

INSERT INTO shop.orders (customer_id, status, total, placed_on) VALUES
    (1, 'paid', 3898, '2023-06-01'),
    (2, 'pending', 899, '2024-02-29'),
    (1, 'shipped', 100, '2026-01-01');

INSERT INTO shop.order_lines (order_id, placed_on, product_id, quantity)
SELECT o.id, o.placed_on, p.id, 1
FROM shop.orders o JOIN shop.products p ON p.price <= o.total
ORDER BY o.id, p.id;
