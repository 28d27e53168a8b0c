-- Sample categories for a development database (`deckhand seed`). Seed scripts run after the
-- schema is current, each once, and again only when the file changes: the upsert keeps a
-- re-run after an edit from failing on rows the previous version inserted.
INSERT INTO categories (name) VALUES
    ('News'),
    ('Engineering'),
    ('Product'),
    ('Culture')
ON CONFLICT (name) DO NOTHING;
