SET client_encoding = 'UTF8';
COPY public.items (id, name) FROM stdin;
1	it's	\N
2	-- x /* y
\.
COPY t FROM STDIN WITH (FORMAT csv, HEADER); SELECT 1; -- rows
a,b
"x
y",2
\.
SELECT 2;
