INSERT INTO authors (id, handle, name, created_at) VALUES
    (1, 'ada', 'Ada Lovelace', '2024-01-01T00:00:00.000Z'),
    (2, 'grace', 'Grace Hopper', '2024-01-02T00:00:00.000Z'),
    (3, 'linus', 'Linus; with a semicolon', '2024-01-03T00:00:00.000Z');

INSERT INTO posts (id, author_id, title, body, published) VALUES
    (1, 1, 'Notes', 'On the Analytical Engine; first part', 1),
    (2, 1, 'Notes, part two', 'It''s quoted', 0),
    (3, 2, 'Bugs', 'A moth -- not a comment', 1),
    (4, 3, 'Kernels', '/* not a comment either */', 1);

INSERT INTO comments (id, post_id, author_id, body) VALUES
    (1, 1, 2, 'Brilliant'),
    (2, 1, 3, 'Agreed'),
    (3, 3, 1, 'Ha'),
    (4, 4, NULL, 'anonymous');
