-- Release 2: each post may have a category. The column is nullable, so release 1 (which does
-- not know it) keeps inserting posts. SQLite declares the foreign key with the column.
ALTER TABLE blog_posts ADD COLUMN category_id INTEGER REFERENCES categories (id);
