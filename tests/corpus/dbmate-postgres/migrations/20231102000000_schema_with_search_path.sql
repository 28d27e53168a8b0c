-- migrate:up
CREATE SCHEMA reporting;
SET search_path TO reporting, public;
CREATE TABLE monthly (month date PRIMARY KEY, total numeric(14, 2) NOT NULL);
INSERT INTO monthly VALUES ('2023-09-01', 1749.50);
CREATE VIEW latest AS SELECT * FROM monthly ORDER BY month DESC LIMIT 1;

-- migrate:down
DROP SCHEMA reporting CASCADE;
