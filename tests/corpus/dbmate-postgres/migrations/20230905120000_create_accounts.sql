-- migrate:up
CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    balance numeric(12, 2) NOT NULL DEFAULT 0
);

-- migrate:down
DROP TABLE accounts;
