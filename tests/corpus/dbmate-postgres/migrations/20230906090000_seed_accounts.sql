-- migrate:up
COPY accounts (name) FROM STDIN;
Operating
Payroll
Reserve; do not touch
\.

INSERT INTO ledger (account_id, kind, amount, memo)
SELECT id, 'credit', 1000.00, 'opening balance' FROM accounts ORDER BY id;
INSERT INTO ledger (account_id, kind, amount, memo) VALUES (2, 'debit', 250.50, E'March\tpayroll');

-- migrate:down
TRUNCATE ledger, accounts RESTART IDENTITY;
