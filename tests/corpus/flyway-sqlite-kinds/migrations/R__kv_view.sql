DROP VIEW IF EXISTS kv_latest;
CREATE VIEW kv_latest AS SELECT k, v FROM kv ORDER BY updated DESC;
