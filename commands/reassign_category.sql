-- deckhand:command reassign-category
-- deckhand:summary Move every post of one category to another
-- deckhand:param from string required "The category whose posts move"
-- deckhand:param to string required "The category they move to; it must exist"
-- When the target category does not exist, no post moves (rather than losing its category).
UPDATE blog_posts
SET category_id = (SELECT id FROM categories WHERE name = :to)
WHERE category_id = (SELECT id FROM categories WHERE name = :from)
  AND EXISTS (SELECT 1 FROM categories WHERE name = :to);
