BEGIN;
INSERT INTO users (id, username, password, email, role, created_at) VALUES
    ('00000000-0000-0000-0000-000000000001', 'admin', crypt('not-a-secret', '$2a$06$abcdefghijklmnopqrstuu'),
     'admin@example.com', 'admin', '2024-01-01 00:00:00+00'),
    ('00000000-0000-0000-0000-000000000002', 'ed', 'x', 'ed@example.com', 'editor', '2024-01-02 00:00:00+00');
UPDATE users SET email = lower(email);
COMMIT;
