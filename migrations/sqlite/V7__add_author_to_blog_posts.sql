-- Release 3: each post may have an author. The column is nullable, so release 2 (which does
-- not know it) keeps inserting posts, and posts written before release 3 need none. SQLite
-- declares the foreign key with the column.
ALTER TABLE blog_posts ADD COLUMN author_id INTEGER REFERENCES authors (id);
