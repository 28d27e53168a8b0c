-- migrate:up
CREATE TYPE entry_kind AS ENUM ('credit', 'debit');

CREATE DOMAIN positive_amount AS numeric(12, 2) CHECK (VALUE > 0);

CREATE TABLE ledger (
    id         bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    kind       entry_kind NOT NULL,
    amount     positive_amount NOT NULL,
    memo       text
);

CREATE FUNCTION apply_ledger_entry() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE accounts
     SET balance = balance + CASE NEW.kind WHEN 'credit' THEN NEW.amount ELSE -NEW.amount END
   WHERE id = NEW.account_id;
  RETURN NEW;
END
$fn$;

CREATE TRIGGER ledger_apply AFTER INSERT ON ledger
FOR EACH ROW EXECUTE FUNCTION apply_ledger_entry();

-- migrate:down
DROP TABLE ledger;
DROP FUNCTION apply_ledger_entry();
DROP DOMAIN positive_amount;
DROP TYPE entry_kind;
