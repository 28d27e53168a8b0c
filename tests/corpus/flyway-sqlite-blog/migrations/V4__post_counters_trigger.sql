ALTER TABLE authors ADD COLUMN post_count INTEGER NOT NULL DEFAULT 0;

UPDATE authors SET post_count = (SELECT count(*) FROM posts WHERE posts.author_id = authors.id);

CREATE TRIGGER posts_count_insert AFTER INSERT ON posts
BEGIN
    UPDATE authors SET post_count = post_count + 1 WHERE id = NEW.author_id;
END;

CREATE TRIGGER posts_count_delete AFTER DELETE ON posts
FOR EACH ROW
BEGIN
    UPDATE authors SET post_count = post_count - 1 WHERE id = OLD.author_id;
    SELECT CASE WHEN (SELECT post_count FROM authors WHERE id = OLD.author_id) < 0
        THEN RAISE(ABORT, 'post_count below zero; impossible')
    END;
END;

INSERT INTO posts (id, author_id, title) VALUES (5, 2, 'Compilers');
