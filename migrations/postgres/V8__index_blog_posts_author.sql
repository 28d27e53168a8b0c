-- deckhand:no-transaction
-- As V4 does for categories: the index is built CONCURRENTLY, so that writes to blog_posts go
-- on while it is built (it serves "posts by this author" and keeps a check of the foreign key
-- from scanning blog_posts when an author is deleted); then V7's foreign key is validated,
-- which also leaves writes alone. Dropping first makes a re-run after a failed build (which
-- leaves an invalid index behind) start clean.
DROP INDEX CONCURRENTLY IF EXISTS blog_posts_author_id_idx;
CREATE INDEX CONCURRENTLY blog_posts_author_id_idx ON blog_posts (author_id);
ALTER TABLE blog_posts VALIDATE CONSTRAINT blog_posts_author_id_fkey;
