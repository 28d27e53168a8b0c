-- deckhand:command list-posts
-- deckhand:summary List blog posts, newest first, drafts last
-- deckhand:read-only
-- deckhand:param category string "Only posts of this category"
-- deckhand:param author string "Only posts by this author (name or email)"
-- deckhand:param include-archived bool default=false "Also list archived posts"
-- deckhand:param limit int default=20 "At most this many posts"
-- PostgreSQL infers each parameter's type from where it is used; `:category IS NULL` alone says
-- nothing, hence the CASTs (which SQLite understands too).
SELECT p.id,
       p.title,
       a.name AS author,
       c.name AS category,
       p.published_at,
       CASE WHEN p.archived THEN 'yes' ELSE 'no' END AS archived
FROM blog_posts p
LEFT JOIN categories c ON c.id = p.category_id
LEFT JOIN authors a ON a.id = p.author_id
WHERE (CAST(:category AS TEXT) IS NULL OR c.name = :category)
  AND (CAST(:author AS TEXT) IS NULL OR a.name = :author OR a.email = :author)
  AND (:include_archived OR NOT p.archived)
ORDER BY p.published_at IS NULL, p.published_at DESC, p.id
LIMIT :limit;
