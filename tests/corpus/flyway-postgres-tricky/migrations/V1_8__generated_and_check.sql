CREATE TABLE shapes (
    id     integer GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5),
    w      numeric NOT NULL CHECK (w > 0),
    h      numeric NOT NULL CHECK (h > 0),
    area   numeric GENERATED ALWAYS AS (w * h) STORED,
    CONSTRAINT shapes_not_huge CHECK (w * h < 1e6) NOT VALID
);
INSERT INTO shapes (w, h) VALUES (2, 3), (1.5, 4);
CREATE STATISTICS shapes_wh (dependencies) ON w, h FROM shapes;
ALTER TABLE shapes VALIDATE CONSTRAINT shapes_not_huge;
