-- The posts readers see, with their category. Repeatable: edited in place and re-applied
-- whenever this file changes, after the versioned scripts.
DROP VIEW IF EXISTS published_blog_posts;
CREATE VIEW published_blog_posts AS
SELECT p.id, p.title, p.slug, p.published_at, c.name AS category
FROM blog_posts p
LEFT JOIN categories c ON c.id = p.category_id
WHERE p.published_at IS NOT NULL AND NOT p.archived;
