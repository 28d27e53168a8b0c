INSERT INTO users (id, email, password_hash) VALUES
    (1, 'a@example.com', X'DEADBEEF'),
    (2, 'b@example.com', NULL),
    (3, 'c@example.com', X'00FF');
INSERT INTO teams (id, name) VALUES (10, 'core'), (20, 'web');
INSERT INTO memberships (user_id, team_id, role) VALUES (1, 10, 'owner'), (2, 10, 'member'), (3, 20, 'member'), (1, 20, 'admin');
