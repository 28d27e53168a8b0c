DROP VIEW IF EXISTS published_posts;
CREATE VIEW published_posts AS
SELECT p.id, p.slug, p.title, a.name AS author
FROM posts p JOIN authors a ON a.id = p.author_id
WHERE p.published = 1;
