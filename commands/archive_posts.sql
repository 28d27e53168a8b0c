-- deckhand:command archive-posts
-- deckhand:summary Archive blog posts published before a date
-- deckhand:param before date required "Posts published before this day are archived"
-- Archived posts leave the published_blog_posts view but stay in the table. Try it with
-- --dry-run first: the task runs, reports how many posts it archived, and is rolled back.
UPDATE blog_posts
SET archived = true
WHERE published_at < :before
  AND NOT archived;
