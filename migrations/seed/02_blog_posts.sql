-- Sample blog posts: published ones over two years, so that `deckhand archive-posts` has old
-- posts to archive, and a draft (no published_at), each with its category and author (from
-- 01_categories.sql and 00_authors.sql, which run first). Keyed by slug, so an edited file
-- re-applies cleanly. The same SQL serves SQLite and PostgreSQL: published_at is written
-- without a time zone, which SQLite keeps as text and PostgreSQL reads in the session's zone.
INSERT INTO blog_posts (title, slug, body, published_at, category_id, author_id) VALUES
    ('Hello, world', 'hello-world',
     'The first post of the sample blog.',
     '2023-03-14 09:00:00', (SELECT id FROM categories WHERE name = 'News'),
     (SELECT id FROM authors WHERE email = 'maya@example.com')),
    ('Zero-downtime migrations', 'zero-downtime-migrations',
     'Expand first, contract after the rollout: new columns nullable, drops in post/.',
     '2023-09-02 14:30:00', (SELECT id FROM categories WHERE name = 'Engineering'),
     (SELECT id FROM authors WHERE email = 'jonas@example.com')),
    ('Categories replace tags', 'categories-replace-tags',
     'Release 2 files every post under one category.',
     '2024-02-20 08:15:00', (SELECT id FROM categories WHERE name = 'Product'),
     (SELECT id FROM authors WHERE email = 'priya@example.com')),
    ('Running migrations as a Kubernetes Job', 'migrations-as-a-job',
     'One Job migrates; every Pod waits for it in an init container.',
     '2024-11-05 16:45:00', (SELECT id FROM categories WHERE name = 'Engineering'),
     (SELECT id FROM authors WHERE email = 'jonas@example.com')),
    ('How we write one-off tasks', 'one-off-tasks',
     'Annotated SQL in commands/, parameters bound, run in one transaction.',
     '2025-01-28 10:00:00', (SELECT id FROM categories WHERE name = 'Culture'),
     (SELECT id FROM authors WHERE email = 'priya@example.com')),
    ('What comes next', 'what-comes-next',
     'A draft: not published yet.',
     NULL, (SELECT id FROM categories WHERE name = 'News'),
     (SELECT id FROM authors WHERE email = 'maya@example.com'))
ON CONFLICT (slug) DO UPDATE SET
    title = excluded.title,
    body = excluded.body,
    published_at = excluded.published_at,
    category_id = excluded.category_id,
    author_id = excluded.author_id;
