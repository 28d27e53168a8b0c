BEGIN;
CREATE TABLE events (
    id         bigint GENERATED ALWAYS AS IDENTITY,
    user_id    uuid REFERENCES users (id),
    kind       text NOT NULL,
    happened   timestamptz NOT NULL,
    PRIMARY KEY (id, kind)
) PARTITION BY LIST (kind);
CREATE TABLE events_login PARTITION OF events FOR VALUES IN ('login', 'logout');
CREATE TABLE events_other PARTITION OF events DEFAULT;
INSERT INTO events (user_id, kind, happened) VALUES
    ('00000000-0000-0000-0000-000000000001', 'login', '2024-03-01 10:00+00'),
    (NULL, 'signup', '2024-03-01 10:05+00');
COMMIT;
