DROP TRIGGER users_email_audit; DROP TABLE audit;
