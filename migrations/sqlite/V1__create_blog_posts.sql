-- Release 1: blog posts. tags is a comma-separated list that release 2 replaces with
-- categories; it is dropped after release 2 has rolled out (post/V5__drop_blog_posts_tags.sql).
CREATE TABLE blog_posts (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL DEFAULT '',
    tags TEXT,
    published_at TEXT,
    archived BOOLEAN NOT NULL DEFAULT false,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
