-- SQLite has no concurrent index builds; the table is locked only for the moment this takes.
CREATE INDEX blog_posts_author_id_idx ON blog_posts (author_id);
