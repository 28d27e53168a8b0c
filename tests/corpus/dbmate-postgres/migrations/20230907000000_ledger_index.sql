-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY ledger_account_idx ON ledger (account_id);
CREATE INDEX CONCURRENTLY ledger_memo_idx ON ledger USING btree (lower(memo)) WHERE memo IS NOT NULL;

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY ledger_memo_idx;
DROP INDEX CONCURRENTLY ledger_account_idx;
