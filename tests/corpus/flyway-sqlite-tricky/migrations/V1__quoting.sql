/* SQLite's quoting: "double", [brackets], `backticks`; none of these end a statement */
CREATE TABLE [order items] (
    `id`        INTEGER PRIMARY KEY,
    "item;name" TEXT NOT NULL DEFAULT 'it''s; fine',
    [qty]       INTEGER NOT NULL DEFAULT 1 CHECK ([qty] > 0)
) STRICT;

INSERT INTO [order items] ("item;name", qty) VALUES ('-- not a comment', 2), ('/* nor this */', 1), ('END;', 3);
