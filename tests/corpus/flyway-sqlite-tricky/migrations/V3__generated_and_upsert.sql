CREATE TABLE prices (
    item  TEXT PRIMARY KEY,
    net   REAL NOT NULL,
    gross REAL GENERATED ALWAYS AS (round(net * 1.2, 2)) VIRTUAL,
    label TEXT AS ('€ ' || printf('%.2f', net * 1.2)) STORED
);

INSERT INTO prices (item, net) VALUES ('apple', 0.5), ('pear', 0.75)
ON CONFLICT (item) DO UPDATE SET net = excluded.net;
INSERT INTO prices (item, net) VALUES ('apple', 0.55)
ON CONFLICT (item) DO UPDATE SET net = excluded.net;

WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5)
INSERT INTO [order items] ("item;name", qty) SELECT 'generated ' || x, x FROM n;
