-- Release 2: each post may have a category. The column is nullable, so release 1 (which does
-- not know it) keeps inserting posts. The foreign key is added NOT VALID: that needs no scan of
-- blog_posts under a lock; V4 validates it without blocking writes.
ALTER TABLE blog_posts ADD COLUMN category_id bigint;
ALTER TABLE blog_posts
    ADD CONSTRAINT blog_posts_category_id_fkey FOREIGN KEY (category_id) REFERENCES categories (id) NOT VALID;
