-- A child table rebuilt while it has children of its own (comments, ON DELETE CASCADE).
PRAGMA foreign_keys=off;

CREATE TABLE posts_new (
    id        INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    slug      TEXT NOT NULL UNIQUE,
    title     TEXT NOT NULL,
    body      TEXT NOT NULL DEFAULT '',
    published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1))
);

INSERT INTO posts_new (id, author_id, slug, title, body, published)
SELECT id, author_id, lower(replace(title, ' ', '-')) || '-' || id, title, body, published
FROM posts;

DROP TABLE posts;
ALTER TABLE posts_new RENAME TO posts;

CREATE INDEX posts_author_idx ON posts (author_id);

CREATE TRIGGER posts_count_insert AFTER INSERT ON posts
BEGIN
    UPDATE authors SET post_count = post_count + 1 WHERE id = NEW.author_id;
END;

CREATE TRIGGER posts_count_delete AFTER DELETE ON posts
BEGIN
    UPDATE authors SET post_count = post_count - 1 WHERE id = OLD.author_id;
END;

PRAGMA foreign_key_check;
PRAGMA foreign_keys=on;
