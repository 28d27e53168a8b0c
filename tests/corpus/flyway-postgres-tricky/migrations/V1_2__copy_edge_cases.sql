CREATE TABLE imports (
    id     integer PRIMARY KEY,
    note   text,
    amount numeric
);

COPY imports (id, note, amount) FROM stdin;
1	back\\slash and \ttab	1.5
2	\N	\N
3	a line\nbreak; escaped	-0
\.

COPY imports FROM STDIN WITH (FORMAT csv, DELIMITER ';', QUOTE '"', NULL 'NULL');
4;"csv; with ""quotes""
and a real line break";2
5;NULL;3
\.

COPY imports (id, note) FROM stdin WITH CSV HEADER;
id,note
6,"ends the file, without \."
