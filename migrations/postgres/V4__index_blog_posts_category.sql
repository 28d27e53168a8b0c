-- deckhand:no-transaction
-- Built CONCURRENTLY, which PostgreSQL refuses inside a transaction, so that writes to
-- blog_posts go on while the index is built; then V3's foreign key is validated, which also
-- leaves writes alone. Dropping first makes a re-run after a failed build (which leaves an
-- invalid index behind) start clean.
DROP INDEX CONCURRENTLY IF EXISTS blog_posts_category_id_idx;
CREATE INDEX CONCURRENTLY blog_posts_category_id_idx ON blog_posts (category_id);
ALTER TABLE blog_posts VALIDATE CONSTRAINT blog_posts_category_id_fkey;
