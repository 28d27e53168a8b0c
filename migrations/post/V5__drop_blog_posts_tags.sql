-- Post-deployment (contract): release 1 read blog_posts.tags; once every Pod runs release 2,
-- which uses categories, the column can go. Applied by `deckhand migrate --phase post` after
-- the rollout (or --phase all in development).
ALTER TABLE blog_posts DROP COLUMN tags;
