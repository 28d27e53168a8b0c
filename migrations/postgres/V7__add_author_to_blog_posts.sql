-- Release 3: each post may have an author. The column is nullable, so release 2 (which does
-- not know it) keeps inserting posts, and posts written before release 3 need none. The foreign
-- key is added NOT VALID: that needs no scan of blog_posts under a lock; V8 validates it
-- without blocking writes.
ALTER TABLE blog_posts ADD COLUMN author_id bigint;
ALTER TABLE blog_posts
    ADD CONSTRAINT blog_posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES authors (id)
    NOT VALID;
