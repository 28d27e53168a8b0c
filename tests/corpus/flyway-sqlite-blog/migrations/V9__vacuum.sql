-- Reclaims the space of the rebuilt tables; VACUUM cannot run in a transaction, so this
-- script runs outside one.
VACUUM;
