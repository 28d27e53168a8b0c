-- The posts readers see, with their category and author. Repeatable: edited in place and
-- re-applied whenever this file changes, after the versioned scripts. New columns go at the end,
-- so that the application version still running during a rollout reads what it read before.
DROP VIEW IF EXISTS published_blog_posts;
CREATE VIEW published_blog_posts AS
SELECT p.id, p.title, p.slug, p.published_at, c.name AS category, a.name AS author
FROM blog_posts p
LEFT JOIN categories c ON c.id = p.category_id
LEFT JOIN authors a ON a.id = p.author_id
WHERE p.published_at IS NOT NULL AND NOT p.archived;
