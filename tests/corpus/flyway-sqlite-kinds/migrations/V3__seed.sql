INSERT INTO kv (k, v, updated) VALUES ('a', '1', '2024-01-01'), ('b', '2', '2024-01-02');
