BEGIN;

CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE IF NOT EXISTS users (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username    varchar(50) NOT NULL UNIQUE,
    password    varchar(255) NOT NULL,
    email       varchar(300) NOT NULL UNIQUE,
    created_at  timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
);

COMMIT;
