CREATE INDEX kv_updated_idx ON kv (updated);
