-- migrate:up
CREATE MATERIALIZED VIEW account_balances AS
SELECT a.id, a.name, coalesce(sum(CASE l.kind WHEN 'credit' THEN l.amount ELSE -l.amount END), 0) AS computed
FROM accounts a LEFT JOIN ledger l ON l.account_id = a.id
GROUP BY a.id, a.name;

CREATE TABLE ledger_changes (entry_id bigint NOT NULL, delay interval);

CREATE RULE ledger_no_delete AS ON DELETE TO ledger DO INSTEAD NOTHING;

CREATE RULE ledger_log_update AS ON UPDATE TO ledger DO ALSO (
    NOTIFY ledger_changed;
    INSERT INTO ledger_changes VALUES (NEW.id, now() - now());
);

-- migrate:down
DROP RULE ledger_log_update ON ledger;
DROP RULE ledger_no_delete ON ledger;
DROP TABLE ledger_changes;
DROP MATERIALIZED VIEW account_balances;
