CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    what TEXT NOT NULL
);

CREATE TRIGGER users_email_audit AFTER UPDATE OF email ON users
WHEN OLD.email <> NEW.email
BEGIN
    INSERT INTO audit (what) VALUES ('email of ' || OLD.id || ': ' || OLD.email || ' -> ' || NEW.email);
END;

UPDATE users SET email = upper(email) WHERE id IN (1, 3);
