BEGIN;

CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    table_name  text NOT NULL,
    operation   char(1) NOT NULL,
    row_data    jsonb
);

CREATE OR REPLACE FUNCTION audit_row() RETURNS trigger AS $audit$
    BEGIN
        IF (TG_OP = 'DELETE') THEN
            INSERT INTO audit_log (table_name, operation, row_data)
                VALUES (TG_TABLE_NAME, 'D', to_jsonb(OLD) - 'password');
            RETURN OLD;
        ELSIF (TG_OP = 'UPDATE') THEN
            INSERT INTO audit_log (table_name, operation, row_data)
                VALUES (TG_TABLE_NAME, 'U', to_jsonb(NEW) - 'password');
            RETURN NEW;
        END IF;
        INSERT INTO audit_log (table_name, operation, row_data)
            VALUES (TG_TABLE_NAME, 'I', to_jsonb(NEW) - 'password' - 'id' - 'created_at');
        RETURN NEW;
    END;
$audit$ LANGUAGE plpgsql;

CREATE TRIGGER users_audit
AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE PROCEDURE audit_row();

COMMIT;
