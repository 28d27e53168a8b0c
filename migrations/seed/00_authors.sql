-- Sample authors, keyed by email. Numbered 00 so that they are in place before 02_blog_posts.sql
-- refers to them: seed scripts run in file-name order. A new file rather than renumbering the
-- others, because the seed history knows scripts by name: a renamed file would run again as new
-- on every existing development database and leave its old name behind in the history.
INSERT INTO authors (name, email) VALUES
    ('Maya Okafor', 'maya@example.com'),
    ('Jonas Lindqvist', 'jonas@example.com'),
    ('Priya Raman', 'priya@example.com')
ON CONFLICT (email) DO UPDATE SET
    name = excluded.name;
